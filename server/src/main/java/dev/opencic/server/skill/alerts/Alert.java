package dev.opencic.server.skill.alerts;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * An alarm or timer of an account. {@code scheduledAt} is its next ring; a repeating alarm rings at
 * {@code time} on {@code daysOfWeek} in {@code zone}. {@code status} follows the device's reports.
 */
public record Alert(String token, String accountId, Type type, Instant scheduledAt, ZoneId zone,
                    LocalTime time, Set<DayOfWeek> daysOfWeek, Status status, Instant createdAt) {

    public enum Type { ALARM, TIMER }

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
