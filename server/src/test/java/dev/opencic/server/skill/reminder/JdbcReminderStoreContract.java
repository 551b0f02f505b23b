package dev.opencic.server.skill.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.store.StoreContract;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's conditional updates for a repeating reminder: who may claim, settle and move it. */
abstract class JdbcReminderStoreContract extends StoreContract {

    static final String ACCOUNT = "acc-1";
    static final DeviceIdentity OWNER = new DeviceIdentity(ACCOUNT, "client-1", "speaker-1");
    static final Instant O1 = Instant.parse("2026-11-25T07:00:00Z");
    static final Instant O2 = Instant.parse("2026-11-27T07:00:00Z");

    JdbcReminderStore store;

    @BeforeEach
    void createStore() {
        store = new JdbcReminderStore(db.jdbi());
    }

    Reminder repeating(String id) {
        Reminder r = new Reminder(id, "put the bins out", false, O1, ZoneId.of("Europe/Berlin"), OWNER,
                Reminder.State.PENDING, Instant.parse("2026-11-24T20:00:00Z"),
                EnumSet.of(DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0));
        store.create(ACCOUNT, r);
        return r;
    }

    @Test
    void atAClusterNodesStartOnlyClaimsNoPickedExecutionCoversAreReleased() {
        for (String id : java.util.List.of("covered", "orphan")) {
            store.create(ACCOUNT, new Reminder(id, "call mom", false, O1, ZoneId.of("UTC"), OWNER,
                    Reminder.State.PENDING, O1));
            assertThat(store.claim(ACCOUNT, id, O1)).isTrue();
        }
        repeating("series");
        assertThat(store.claim(ACCOUNT, "series", O1)).isTrue();
        db.jdbi().useHandle(h -> {
            String insert = "INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)"
                            + " VALUES (?, ?, ?, ?, 1)";
            java.time.OffsetDateTime at = O1.atOffset(java.time.ZoneOffset.UTC);
            h.execute(insert, ReminderDelivery.TASK, ACCOUNT + "|covered", at, true);
            h.execute(insert, ReminderDelivery.TASK, ACCOUNT + "|series@" + O1.toEpochMilli(), at, true);
            h.execute(insert, ReminderDelivery.TASK, ACCOUNT + "|orphan", at, false); // due again, not running
        });
        assertThat(store.releaseUncovered(ReminderDelivery.TASK)).isEqualTo(1);
        assertThat(store.find(ACCOUNT, "orphan").orElseThrow().state()).isEqualTo(Reminder.State.HELD);
        assertThat(store.find(ACCOUNT, "covered").orElseThrow().state()).isEqualTo(Reminder.State.DELIVERING);
        assertThat(store.find(ACCOUNT, "series").orElseThrow().state()).isEqualTo(Reminder.State.DELIVERING);
        assertThat(store.releaseUnsettled()).as("a single node releases every claim").isEqualTo(2);
    }

    @Test
    void aReminderSpokenOnceIsMovedToANewTimeAndWaitsAgainButNotWhileSpokenNorWhenItRepeats() {
        store.create(ACCOUNT, new Reminder("r1", "call mum", false, O1, ZoneId.of("UTC"), OWNER,
                Reminder.State.PENDING, O1));
        assertThat(store.claim(ACCOUNT, "r1", O1)).isTrue();
        assertThat(store.reschedule(ACCOUNT, "r1", O2, O1)).as("being spoken").isFalse();
        store.settle(ACCOUNT, "r1", Reminder.State.DELIVERED, O1);
        assertThat(store.reschedule(ACCOUNT, "r1", O2, O1)).isTrue();
        Reminder moved = store.find(ACCOUNT, "r1").orElseThrow();
        assertThat(moved.remindAt()).isEqualTo(O2);
        assertThat(moved.state()).isEqualTo(Reminder.State.PENDING);
        assertThat(store.pendingTimed()).extracting(Reminder::id).containsExactly("r1");

        repeating("r2");
        assertThat(store.reschedule(ACCOUNT, "r2", O2, O1)).isFalse();
        assertThat(store.reschedule("another-account", "r1", O1, O1)).isFalse();
        store.delete(ACCOUNT, "r1", O1);
        assertThat(store.reschedule(ACCOUNT, "r1", O1, O1)).isFalse();
    }

    @Test
    void aRepeatingReminderIsReadBackWithItsDaysAndWallClockTime() {
        Reminder r = repeating("r1");
        assertThat(store.find(ACCOUNT, "r1")).contains(r);
        assertThat(store.pendingTimed()).containsExactly(r);
        store.create(ACCOUNT, new Reminder("r2", "buy stamps", false, null, ZoneId.of("UTC"), OWNER,
                Reminder.State.PENDING, O1));
        assertThat(store.find(ACCOUNT, "r2").orElseThrow().repeatDays()).isEmpty();
        assertThat(store.pendingTimed()).extracting(Reminder::id).containsExactly("r1");
    }

    @Test
    void anOccurrenceIsClaimedOnceAndMovedOnOnce() {
        repeating("r1");
        assertThat(store.claim(ACCOUNT, "r1", O1)).isTrue();
        assertThat(store.claim(ACCOUNT, "r1", O1)).isFalse();
        assertThat(store.pendingTimed()).isEmpty();
        assertThat(store.advance(ACCOUNT, "r1", O1, O2, O1)).isTrue();
        assertThat(store.advance(ACCOUNT, "r1", O1, O2, O1)).isFalse();
        Reminder moved = store.find(ACCOUNT, "r1").orElseThrow();
        assertThat(moved.remindAt()).isEqualTo(O2);
        assertThat(moved.state()).isEqualTo(Reminder.State.PENDING);
        assertThat(moved.repeatTime()).isEqualTo(LocalTime.of(8, 0));
        // a sender that read the old occurrence cannot claim the new one for it
        assertThat(store.claim(ACCOUNT, "r1", O1)).isFalse();
        assertThat(store.claim(ACCOUNT, "r1", O2)).isTrue();
    }

    @Test
    void aDeletedOrOneOffReminderIsNotMovedOn() {
        repeating("r1");
        assertThat(store.claim(ACCOUNT, "r1", O1)).isTrue();
        store.delete(ACCOUNT, "r1", O1);
        assertThat(store.advance(ACCOUNT, "r1", O1, O2, O1)).isFalse();
        assertThat(store.pendingTimed()).isEmpty();

        store.create(ACCOUNT, new Reminder("r3", "call mom", false, O1, ZoneId.of("UTC"), OWNER,
                Reminder.State.PENDING, O1));
        assertThat(store.claim(ACCOUNT, "r3", O1)).isTrue();
        assertThat(store.advance(ACCOUNT, "r3", O1, O2, O1)).isFalse();
    }

    @Test
    void aDeletedSeriesCreatedAgainByADeviceIsAToDo() {
        repeating("r1");
        store.delete(ACCOUNT, "r1", O1);
        assertThat(store.revive(ACCOUNT, "r1", "put the bins out", false, O2)).isTrue();
        Reminder r = store.find(ACCOUNT, "r1").orElseThrow();
        assertThat(r.repeats()).isFalse();
        assertThat(r.remindAt()).isNull();
        assertThat(store.claim(ACCOUNT, "r1", null)).isTrue();
    }
}
