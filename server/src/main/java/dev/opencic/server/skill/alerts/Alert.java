package dev.opencic.server.skill.alerts;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * An alarm or timer of an account. {@code scheduledAt} is its next ring; a repeating alarm rings at
 * {@code time} on {@code daysOfWeek} in {@code zone}. {@code status} follows the device's reports.
 */
public record Alert(String token, String accountId, Type type, Instant scheduledAt, ZoneId zone,
                    LocalTime time, Set<DayOfWeek> daysOfWeek, Status status, Instant createdAt) {

    public enum Type { ALARM, TIMER }

    /** The longest timer, by voice or in the console. */
    static final Duration MAX_TIMER = Duration.ofHours(24);

    public enum Status {
        /** SetAlert sent; the device has not confirmed yet. */
        PENDING,
        /** The device reported SetAlertSucceeded. */
        SET,
        /** The device reported SetAlertFailed. */
        FAILED,
        /** The device reported AlertStarted. */
        RINGING
    }

    public Alert {
        requireNonNull(token, "token");
        requireNonNull(accountId, "accountId");
        requireNonNull(type, "type");
        requireNonNull(scheduledAt, "scheduledAt");
        requireNonNull(zone, "zone");
        requireNonNull(time, "time");
        daysOfWeek = Set.copyOf(daysOfWeek);
        requireNonNull(status, "status");
        requireNonNull(createdAt, "createdAt");
    }

    /** Whether a timer may run this long: more than nothing, at most {@link #MAX_TIMER}. */
    static boolean timerLengthAllowed(Duration length) {
        return !length.isNegative() && !length.isZero() && length.compareTo(MAX_TIMER) <= 0;
    }

    /** A new timer of the account, started {@code now} (its zone is the timer's), pending until a device confirms. */
    static Alert newTimer(String accountId, ZonedDateTime now, Duration length) {
        ZonedDateTime at = now.plus(length);
        return new Alert(UUID.randomUUID().toString(), accountId, Type.TIMER, at.toInstant(), now.getZone(),
                at.toLocalTime(), Set.of(), Status.PENDING, now.toInstant());
    }

    public ZonedDateTime scheduledTime() {
        return scheduledAt.atZone(zone);
    }

    public boolean repeats() {
        return !daysOfWeek.isEmpty();
    }

    public Alert withStatus(Status s) {
        return new Alert(token, accountId, type, scheduledAt, zone, time, daysOfWeek, s, createdAt);
    }

    public Alert withScheduledAt(Instant next) {
        return new Alert(token, accountId, type, next, zone, time, daysOfWeek, status, createdAt);
    }
}
