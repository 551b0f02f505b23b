package dev.opencic.server.skill.weather;

import dev.opencic.server.store.Database;

/** {@link SavedPlaceRepositoryContract} on H2 in memory. */
class SavedPlaceRepositoryTest extends SavedPlaceRepositoryContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
