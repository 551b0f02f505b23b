package dev.opencic.server.skill.devicecontrol;

import dev.opencic.server.store.Database;

/** {@link DeviceStateStoreContract} on H2 in memory. */
class DeviceStateStoreTest extends DeviceStateStoreContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
