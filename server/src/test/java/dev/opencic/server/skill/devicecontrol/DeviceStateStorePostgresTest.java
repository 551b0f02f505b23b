package dev.opencic.server.skill.devicecontrol;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.TestPostgres;

/** {@link DeviceStateStoreContract} on PostgreSQL (see {@link TestPostgres}). */
class DeviceStateStorePostgresTest extends DeviceStateStoreContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
