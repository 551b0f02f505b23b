package dev.opencic.server.skill.alerts;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.TestPostgres;

/** {@link AlertRepositoryContract} on PostgreSQL (a throw-away server the test run starts, see {@link TestPostgres}). */
class AlertRepositoryPostgresTest extends AlertRepositoryContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
