package dev.opencic.server.skill.alerts;

import dev.opencic.server.store.Database;

/** {@link AlertRepositoryContract} on H2 in memory. */
class AlertRepositoryTest extends AlertRepositoryContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
