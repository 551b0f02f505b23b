package dev.opencic.server.skill.household;

import dev.opencic.server.store.Database;

/** {@link DeviceDirectoryContract} on H2 in memory. */
class DeviceDirectoryTest extends DeviceDirectoryContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
