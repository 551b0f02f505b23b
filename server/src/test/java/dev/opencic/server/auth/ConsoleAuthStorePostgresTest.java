package dev.opencic.server.auth;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.TestPostgres;

/** {@link ConsoleAuthStoreContract} on PostgreSQL (a throw-away server, see {@link TestPostgres}). */
class ConsoleAuthStorePostgresTest extends ConsoleAuthStoreContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
