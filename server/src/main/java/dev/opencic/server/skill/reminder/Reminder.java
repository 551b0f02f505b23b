package dev.opencic.server.skill.reminder;

import dev.opencic.server.auth.DeviceIdentity;
import java.time.Instant;
import java.time.ZoneId;

/**
 * One reminder of an account. {@code remindAt} is empty for a reminder without a time (a to-do the
 * user ticks off with {@code done}). {@code owner} is the device that set it: the one it is spoken on.
 */
public record Reminder(String id, String content, boolean done, Instant remindAt, ZoneId zone,
                       DeviceIdentity owner, State state, Instant createdAt) {

    /** Where the reminder is on its way to being spoken. */
    public enum State {
        /** Not due yet, or without a time. */
        PENDING,
        /** Came due while its device was offline; spoken when the device reconnects within the hold time. */
        HELD,
        /** Claimed by one sender, which is pushing it now. */
        DELIVERING,
        /** Spoken. */
        DELIVERED,
        /** Held longer than the hold time; dropped. */
        EXPIRED
    }
}
