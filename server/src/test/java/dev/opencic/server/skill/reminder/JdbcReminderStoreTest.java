package dev.opencic.server.skill.reminder;

import dev.opencic.server.store.Database;

/** {@link JdbcReminderStoreContract} on H2 in memory. */
class JdbcReminderStoreTest extends JdbcReminderStoreContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
