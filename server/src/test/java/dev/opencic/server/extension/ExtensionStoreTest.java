package dev.opencic.server.extension;

import dev.opencic.server.store.Database;

/** {@link ExtensionStoreContract} on H2 in memory. */
class ExtensionStoreTest extends ExtensionStoreContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
