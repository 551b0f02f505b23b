package dev.opencic.server.skill.music;

import dev.opencic.server.store.Database;

/** {@link TrackRepositoryContract} on H2 in memory. */
class TrackRepositoryTest extends TrackRepositoryContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
