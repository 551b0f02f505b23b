package dev.opencic.server.skill.weather;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.TestPostgres;

/** {@link SavedPlaceRepositoryContract} on PostgreSQL (a throw-away server the test run starts, see {@link TestPostgres}). */
class SavedPlaceRepositoryPostgresTest extends SavedPlaceRepositoryContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
