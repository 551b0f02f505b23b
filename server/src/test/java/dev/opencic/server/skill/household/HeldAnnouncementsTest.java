package dev.opencic.server.skill.household;

import dev.opencic.server.store.Database;

/** {@link HeldAnnouncementsContract} on H2 in memory. */
class HeldAnnouncementsTest extends HeldAnnouncementsContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
