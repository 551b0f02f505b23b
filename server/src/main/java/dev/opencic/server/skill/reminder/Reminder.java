package dev.opencic.server.skill.reminder;

import dev.opencic.server.api.DeviceIdentity;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One reminder of an account. {@code remindAt} is empty for a reminder without a time (a to-do the
 * user ticks off with {@code done}). {@code owner} is the device that set it: the one it is spoken on.
 *
 * <p>A repeating reminder has {@code repeatDays} (empty for one spoken once) and {@code repeatTime},
 * the wall-clock time in {@code zone}; its {@code remindAt} is the occurrence to come (or the one
 * being held or spoken), moved to the next by {@link ReminderStore#advance} once that one is settled.
 */
public record Reminder(String id, String content, boolean done, Instant remindAt, ZoneId zone,
                       DeviceIdentity owner, State state, Instant createdAt,
                       Set<DayOfWeek> repeatDays, LocalTime repeatTime) {

    public Reminder {
        repeatDays = repeatDays == null || repeatDays.isEmpty()
                ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(repeatDays));
        if (!repeatDays.isEmpty() && (repeatTime == null || remindAt == null)) {
            throw new IllegalArgumentException("a repeating reminder needs a time and its next occurrence");
        }
        repeatTime = repeatDays.isEmpty() ? null : repeatTime.truncatedTo(ChronoUnit.SECONDS);
    }

    /** A reminder spoken once (or never, without a time). */
    public Reminder(String id, String content, boolean done, Instant remindAt, ZoneId zone,
                    DeviceIdentity owner, State state, Instant createdAt) {
        this(id, content, done, remindAt, zone, owner, state, createdAt, Set.of(), null);
    }

    public boolean repeats() {
        return !repeatDays.isEmpty();
    }

    /** The occurrence after the one at {@code remindAt}, and after {@code now}: missed days are skipped. */
    public Instant nextOccurrence(Instant now) {
        Instant after = remindAt.isAfter(now) ? remindAt : now;
        return Recurrence.next(repeatDays, repeatTime, zone, after).toInstant();
    }

    /** The last occurrence up to {@code now}: the one to speak when several came while the device was away. */
    public Instant latestOccurrence(Instant now) {
        return Recurrence.latest(repeatDays, repeatTime, zone, remindAt, now);
    }

    /** Where the reminder is on its way to being spoken. */
    public enum State {
        /** Not due yet, or without a time. A repeating reminder is back here after each occurrence. */
        PENDING,
        /** Came due while its device was offline; spoken when the device reconnects within the hold time. */
        HELD,
        /** Claimed by one sender, which is pushing it now. */
        DELIVERING,
        /** Spoken (a reminder spoken once). */
        DELIVERED,
        /** Held longer than the hold time; dropped (a reminder spoken once). */
        EXPIRED
    }
}
