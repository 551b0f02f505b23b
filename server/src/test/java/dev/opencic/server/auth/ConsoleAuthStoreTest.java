package dev.opencic.server.auth;

import dev.opencic.server.store.Database;

/** {@link ConsoleAuthStoreContract} on H2 in memory. */
class ConsoleAuthStoreTest extends ConsoleAuthStoreContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
