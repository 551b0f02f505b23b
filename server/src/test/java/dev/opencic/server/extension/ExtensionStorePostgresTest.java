package dev.opencic.server.extension;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.TestPostgres;

/** {@link ExtensionStoreContract} on PostgreSQL (a throw-away server the test run starts, see {@link TestPostgres}). */
class ExtensionStorePostgresTest extends ExtensionStoreContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
