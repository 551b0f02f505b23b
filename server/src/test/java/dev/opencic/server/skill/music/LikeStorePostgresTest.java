package dev.opencic.server.skill.music;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.TestPostgres;

/** {@link LikeStoreContract} on PostgreSQL (see {@link TestPostgres}). */
class LikeStorePostgresTest extends LikeStoreContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
