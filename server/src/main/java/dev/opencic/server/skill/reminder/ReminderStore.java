package dev.opencic.server.skill.reminder;

import dev.opencic.server.api.DeviceIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Each account's reminders. Delivery goes through {@link #claim}, a conditional change of state that
 * only one caller can win, so a reminder is pushed at most once however many nodes, timers and
 * reconnects race for it.
 */
public interface ReminderStore {

    void create(String accountId, Reminder reminder);

    /** The account's reminders that are not deleted, the timed ones first by time. */
    List<Reminder> list(String accountId);

    Optional<Reminder> find(String accountId, String reminderId);

    /** Whether the id was ever used in the account, deleted or not. */
    boolean exists(String accountId, String reminderId);

    /** Sets content and done; false when the reminder does not exist or was deleted. */
    boolean update(String accountId, String reminderId, String content, Boolean done, Instant at);

    /**
     * Brings back a deleted reminder with new content (a device created one again under its id), as
     * a reminder without a time; false when there is no deleted reminder of that id.
     */
    boolean revive(String accountId, String reminderId, String content, boolean done, Instant at);

    /**
     * Moves a reminder spoken once to {@code remindAt}, waiting again (PENDING, also after it was
     * spoken or dropped); false when it does not exist, was deleted, repeats, or is being spoken now.
     */
    boolean reschedule(String accountId, String reminderId, Instant remindAt, Instant at);

    /** Deletes it; false when it never existed. Deleting twice is fine. */
    boolean delete(String accountId, String reminderId, Instant at);

    /**
     * PENDING or HELD → DELIVERING for a reminder neither done nor deleted and still at
     * {@code remindAt} (the time the caller read; null for none): true for the one winner. A
     * repeating reminder that moved on to its next occurrence meanwhile is not claimed for the old one.
     */
    boolean claim(String accountId, String reminderId, Instant remindAt);

    /** DELIVERING → {@code to} (DELIVERED, HELD or EXPIRED). */
    void settle(String accountId, String reminderId, Reminder.State to, Instant at);

    /**
     * Settles a repeating reminder's occurrence (spoken, or dropped after the hold time) by moving it,
     * in the same update, to its next occurrence: DELIVERING at {@code occurrence} → PENDING at
     * {@code next}. False when it was not DELIVERING at that occurrence (deleted, or settled before).
     */
    boolean advance(String accountId, String reminderId, Instant occurrence, Instant next, Instant at);

    /** Every account's timed reminders waiting for their time (PENDING, neither done nor deleted), by time. */
    List<Reminder> pendingTimed();

    /** The device's held reminders. */
    List<Reminder> held(DeviceIdentity device);

    /** After a crash: reminders left DELIVERING go back to HELD. Returns how many. */
    int releaseUnsettled();

    /**
     * At the start of a node on a shared database: only the reminders left DELIVERING by a claim
     * that no picked execution of {@code taskName} covers go back to HELD. A covered claim is a
     * delivery another node is making (releasing it would let the reminder be spoken twice), or a
     * dead node's, which db-scheduler revives. Returns how many.
     */
    int releaseUncovered(String taskName);
}
