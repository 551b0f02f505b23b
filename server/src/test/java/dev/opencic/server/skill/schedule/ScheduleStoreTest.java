package dev.opencic.server.skill.schedule;

import dev.opencic.server.store.Database;

/** {@link ScheduleStoreContract} on H2 in memory. */
class ScheduleStoreTest extends ScheduleStoreContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
