package dev.opencic.server.scheduling;

import dev.opencic.server.store.Database;

/** {@link TaskSchedulerContract} on H2 in memory. */
class TaskSchedulerTest extends TaskSchedulerContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
