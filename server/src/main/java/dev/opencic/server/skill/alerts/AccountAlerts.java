package dev.opencic.server.skill.alerts;

import dev.opencic.protocol.Directive;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An account's alarms and timers changed from outside a dialogue (the web console): the same
 * repository the alerts skill writes (so the Alerts state check knows of fresh deletes), and the
 * same {@code Alerts.SetAlert} / {@code DeleteAlert} directives the skill answers with, pushed on
 * the downchannel of every connected device of the account (the skill pushes them to the devices
 * other than the one asked; here no device asked).
 */
public final class AccountAlerts {

    private static final Logger log = LoggerFactory.getLogger(AccountAlerts.class);

    private final AlertRepository alerts;
    private final OtherDevices devices;
    private final Clock clock;

    AccountAlerts(AlertRepository alerts, OtherDevices devices, Clock clock) {
        this.alerts = alerts;
        this.devices = devices;
        this.clock = clock;
    }

    /** The account's alarms and timers, soonest first. */
    public List<Alert> list(String accountId) {
        return alerts.list(accountId, null);
    }

    public Optional<Alert> find(String accountId, String token) {
        return alerts.find(accountId, token);
    }

    /**
     * Sets an alarm at {@code time} in {@code zone}: on {@code date} when it rings once (null for the
     * next time that clock time comes), or on {@code days} every week.
     *
     * @throws IllegalArgumentException when the moment has passed (the message is for a person)
     */
    public Alert setAlarm(String accountId, ZoneId zone, java.time.LocalDate date, LocalTime time,
                          Set<DayOfWeek> days) {
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(zone);
        ZonedDateTime at = firstRing(now, date, time, days);
        Alert alarm = new Alert(UUID.randomUUID().toString(), accountId, Alert.Type.ALARM, at.toInstant(), zone,
                time, days, Alert.Status.PENDING, now.toInstant());
        alerts.insert(alarm);
        log.info("event=AlarmSet account={} token={} scheduledTime={} days={} from=console", accountId,
                alarm.token(), AlertMessages.iso(at), days);
        devices.tellAll(accountId, List.of(AlertMessages.setAlert(alarm, now, null)));
        return alarm;
    }

    /**
     * Starts a timer of {@code length} (1 second to 24 hours, as by voice) in {@code zone}, and tells
     * the account's devices ({@code SetAlert}), as "set a timer for ..." does.
     *
     * @throws IllegalArgumentException when the length is out of range (the message is for a person)
     */
    public Alert setTimer(String accountId, ZoneId zone, java.time.Duration length) {
        if (!Alert.timerLengthAllowed(length)) {
            throw new IllegalArgumentException("A timer runs for 1 second to 24 hours.");
        }
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(zone)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Alert timer = Alert.newTimer(accountId, now, length);
        alerts.insert(timer);
        log.info("event=TimerSet account={} token={} seconds={} from=console", accountId, timer.token(),
                length.getSeconds());
        devices.tellAll(accountId, List.of(AlertMessages.setAlert(timer, now, null)));
        return timer;
    }

    /**
     * Moves an alarm to another time (and date or days); the devices get {@code SetAlert} with the same
     * token, which changes the alarm they have. Empty when the account has no such alarm.
     */
    public Optional<Alert> changeAlarm(String accountId, String token, java.time.LocalDate date, LocalTime time,
                                       Set<DayOfWeek> days) {
        Optional<Alert> found = alerts.find(accountId, token).filter(a -> a.type() == Alert.Type.ALARM);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Alert old = found.get();
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(old.zone());
        ZonedDateTime at = firstRing(now, date, time, days);
        Alert moved = new Alert(old.token(), accountId, Alert.Type.ALARM, at.toInstant(), old.zone(), time, days,
                Alert.Status.PENDING, now.toInstant());
        if (!alerts.update(moved)) {
            return Optional.empty();
        }
        log.info("event=AlarmChanged account={} token={} scheduledTime={} days={} from=console", accountId,
                moved.token(), AlertMessages.iso(at), days);
        devices.tellAll(accountId, List.of(AlertMessages.setAlert(moved, now, null)));
        return Optional.of(moved);
    }

    /** Deletes an alarm or timer and tells the devices ({@code DeleteAlert}); false when there is none. */
    public boolean delete(String accountId, String token) {
        Optional<Alert> found = alerts.find(accountId, token);
        if (found.isEmpty() || !alerts.delete(accountId, token)) {
            return false;
        }
        log.info("event=AlertDeleted account={} token={} from=console", accountId, token);
        Directive delete = AlertMessages.tokenDirective("DeleteAlert", found.get(), null);
        devices.tellAll(accountId, List.of(delete));
        return true;
    }

    private static ZonedDateTime firstRing(ZonedDateTime now, java.time.LocalDate date, LocalTime time,
                                           Set<DayOfWeek> days) {
        if (!days.isEmpty()) {
            Alert shape = new Alert("-", "-", Alert.Type.ALARM, now.toInstant(), now.getZone(), time, days,
                    Alert.Status.PENDING, now.toInstant());
            return AlertsSkill.nextOccurrence(shape, now);
        }
        ZonedDateTime at;
        if (date == null) {
            at = ZonedDateTime.of(now.toLocalDate(), time, now.getZone());
            if (!at.isAfter(now)) {
                at = ZonedDateTime.of(now.toLocalDate().plusDays(1), time, now.getZone());
            }
            return at;
        }
        at = ZonedDateTime.of(LocalDateTime.of(date, time), now.getZone());
        if (!at.isAfter(now)) {
            throw new IllegalArgumentException("That time has already passed.");
        }
        return at;
    }
}
