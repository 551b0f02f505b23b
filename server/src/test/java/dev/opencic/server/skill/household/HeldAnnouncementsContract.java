package dev.opencic.server.skill.household;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.store.Account;
import dev.opencic.server.store.JdbcAccountRepository;
import dev.opencic.server.store.StoreContract;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Held announcements (migration V22): kept per device across a new store on the same database (a
 * restart), taken once in order, stale ones not delivered, other devices' untouched.
 */
abstract class HeldAnnouncementsContract extends StoreContract {

    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    private static final DeviceIdentity KITCHEN = new DeviceIdentity("acc-alice", "client-a", "kitchen");
    private static final DeviceIdentity BEDROOM = new DeviceIdentity("acc-alice", "client-a", "bedroom");

    @BeforeEach
    void seed() {
        new JdbcAccountRepository(db.jdbi()).insert(new Account("acc-alice", "alice", "hash", NOW));
    }

    @Test
    void keptAcrossARestartAndTakenOnceInOrder() {
        HeldAnnouncements before = new JdbcHeldAnnouncements(db.jdbi());
        before.hold(KITCHEN, "Announcement: dinner is ready.", NOW);
        before.hold(KITCHEN, "Announcement: the pizza is here.", NOW.plusSeconds(30));
        before.hold(BEDROOM, "Announcement: lights out.", NOW);

        HeldAnnouncements after = new JdbcHeldAnnouncements(db.jdbi()); // the restarted server's
        assertThat(after.take(KITCHEN, NOW.minusSeconds(600))).containsExactly(
                new HeldAnnouncements.Held("Announcement: dinner is ready.", NOW),
                new HeldAnnouncements.Held("Announcement: the pizza is here.", NOW.plusSeconds(30)));
        assertThat(after.take(KITCHEN, NOW.minusSeconds(600))).as("taken once").isEmpty();
        assertThat(after.take(BEDROOM, NOW.minusSeconds(600))).extracting(HeldAnnouncements.Held::text)
                .containsExactly("Announcement: lights out.");
    }

    @Test
    void staleOnesAreNeitherDeliveredNorKept() {
        HeldAnnouncements held = new JdbcHeldAnnouncements(db.jdbi());
        held.hold(KITCHEN, "old", NOW.minusSeconds(3600));
        held.hold(KITCHEN, "fresh", NOW);
        held.hold(BEDROOM, "old too", NOW.minusSeconds(3600));
        assertThat(held.dropBefore(NOW.minusSeconds(600))).isEqualTo(2);
        held.hold(KITCHEN, "old again", NOW.minusSeconds(3600));
        assertThat(held.take(KITCHEN, NOW.minusSeconds(600))).extracting(HeldAnnouncements.Held::text)
                .containsExactly("fresh");
        assertThat(held.take(KITCHEN, NOW.minusSeconds(600))).isEmpty();
        assertThat(held.take(BEDROOM, NOW.minusSeconds(600))).isEmpty();
    }

    @Test
    void aVeryLongAnnouncementIsKeptCut() {
        HeldAnnouncements held = new JdbcHeldAnnouncements(db.jdbi());
        held.hold(KITCHEN, "a".repeat(5000), NOW);
        assertThat(held.take(KITCHEN, NOW).get(0).text()).hasSize(JdbcHeldAnnouncements.MAX_TEXT);
    }
}
