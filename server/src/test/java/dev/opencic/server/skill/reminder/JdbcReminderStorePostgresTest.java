package dev.opencic.server.skill.reminder;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.TestPostgres;

/** {@link JdbcReminderStoreContract} on PostgreSQL (a throw-away server the test run starts, see {@link TestPostgres}). */
class JdbcReminderStorePostgresTest extends JdbcReminderStoreContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
