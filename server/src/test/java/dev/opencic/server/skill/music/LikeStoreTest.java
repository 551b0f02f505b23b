package dev.opencic.server.skill.music;

import dev.opencic.server.store.Database;

/** {@link LikeStoreContract} on H2 in memory. */
class LikeStoreTest extends LikeStoreContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
