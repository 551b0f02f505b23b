package dev.opencic.server.skill.memo;

import dev.opencic.server.store.Database;

/** {@link MemoStoreContract} on H2 in memory. */
class MemoStoreTest extends MemoStoreContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
