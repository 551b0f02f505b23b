package dev.opencic.server.skill.memo;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.TestPostgres;

/** {@link MemoStoreContract} on PostgreSQL (see {@link TestPostgres}). */
class MemoStorePostgresTest extends MemoStoreContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
