package dev.opencic.server.skill.household;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.TestPostgres;

/** {@link HeldAnnouncementsContract} on PostgreSQL (see {@link TestPostgres}). */
class HeldAnnouncementsPostgresTest extends HeldAnnouncementsContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
