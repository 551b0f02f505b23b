package dev.opencic.server.skill.schedule;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.TestPostgres;

/** {@link ScheduleStoreContract} on PostgreSQL (see {@link TestPostgres}). */
class ScheduleStorePostgresTest extends ScheduleStoreContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
