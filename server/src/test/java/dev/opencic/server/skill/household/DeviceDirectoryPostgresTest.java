package dev.opencic.server.skill.household;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.TestPostgres;

/** {@link DeviceDirectoryContract} on PostgreSQL (see {@link TestPostgres}). */
class DeviceDirectoryPostgresTest extends DeviceDirectoryContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
