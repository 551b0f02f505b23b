package dev.opencic.server.scheduling;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.TestPostgres;

/** {@link TaskSchedulerContract} on PostgreSQL (see {@link TestPostgres}). */
class TaskSchedulerPostgresTest extends TaskSchedulerContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
