package dev.opencic.server.store;

import dev.opencic.server.testing.TestPostgres;

/** {@link AuthRepositoriesContract} on PostgreSQL (a throw-away server the test run starts, see {@link TestPostgres}). */
class AuthRepositoriesPostgresTest extends AuthRepositoriesContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
