package dev.opencic.server.store;

import dev.opencic.server.testing.TestPostgres;

/** {@link SharedSecretsContract} on PostgreSQL (see {@link TestPostgres}). */
class SharedSecretsPostgresTest extends SharedSecretsContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
