package dev.opencic.server.skill.music;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.TestPostgres;

/** {@link TrackRepositoryContract} on PostgreSQL (see {@link TestPostgres}). */
class TrackRepositoryPostgresTest extends TrackRepositoryContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
