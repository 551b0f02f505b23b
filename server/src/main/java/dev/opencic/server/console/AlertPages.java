package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import dev.opencic.server.nlu.time.SpokenDays;
import dev.opencic.server.skill.alerts.AccountAlerts;
import dev.opencic.server.skill.alerts.Alert;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Your alarms and timers: the account's alerts (when each rings next, in its zone, its repeat days),
 * setting an alarm for a device (its time zone gives the time's meaning), starting a timer, moving
 * an alarm, deleting either.
 * Every change goes through the alerts skill's {@link AccountAlerts}: the same table and the same
 * {@code Alerts.SetAlert}/{@code DeleteAlert} directives a voice request makes, pushed to the
 * account's connected devices. An alert id of another account is "no such alarm" (404), untouched.
 */
final class AlertPages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

    private final ConsolePages pages;
    private final AccountAlerts alerts;
    private final AccountDevices devices;

    AlertPages(ConsolePages pages, AccountAlerts alerts, AccountDevices devices) {
        this.pages = pages;
        this.alerts = alerts;
        this.devices = devices;
    }

    HttpResponse list(ConsoleRequest r) {
        return page(r, HttpStatus.OK, message(r.param("done")), null);
    }

    HttpResponse add(ConsoleRequest r) {
        return ConsoleForms.orRefused(() -> {
            DeviceChoice device = devices.chosen(r, "device");
            LocalTime time = ConsoleForms.time(r, "time");
            LocalDate date = ConsoleForms.optionalDate(r, "date");
            Set<DayOfWeek> days = ConsoleForms.days(r, "day");
            alerts.setAlarm(r.signedIn().accountId(), device.zone(), days.isEmpty() ? date : null, time, days);
            return ConsolePages.redirect("/console/alarms?done=added");
        }, error -> page(r, HttpStatus.BAD_REQUEST, null, error));
    }

    HttpResponse addTimer(ConsoleRequest r) {
        return ConsoleForms.orRefused(() -> {
            DeviceChoice device = devices.chosen(r, "device");
            int minutes = ConsoleForms.number(r, "minutes", "Minutes", 0, 24 * 60);
            int seconds = ConsoleForms.number(r, "seconds", "Seconds", 0, 59);
            alerts.setTimer(r.signedIn().accountId(), device.zone(),
                    java.time.Duration.ofMinutes(minutes).plusSeconds(seconds));
            return ConsolePages.redirect("/console/alarms?done=timer");
        }, error -> page(r, HttpStatus.BAD_REQUEST, null, error));
    }

    HttpResponse edit(ConsoleRequest r) {
        Alert alarm = own(r);
        if (alarm.type() != Alert.Type.ALARM) {
            throw new ConsoleException(400, "A timer's time cannot be changed; delete it instead.");
        }
        return ConsoleForms.orRefused(() -> {
            LocalTime time = ConsoleForms.time(r, "time");
            LocalDate date = ConsoleForms.optionalDate(r, "date");
            Set<DayOfWeek> days = ConsoleForms.days(r, "day");
            alerts.changeAlarm(r.signedIn().accountId(), alarm.token(), days.isEmpty() ? date : null, time, days)
                    .orElseThrow(() -> new ConsoleException(404, "You have no alarm with that id."));
            return ConsolePages.redirect("/console/alarms?done=changed");
        }, error -> page(r, HttpStatus.BAD_REQUEST, null, error));
    }

    HttpResponse delete(ConsoleRequest r) {
        Alert alert = own(r);
        if (!alerts.delete(r.signedIn().accountId(), alert.token())) {
            throw new ConsoleException(404, "You have no alarm with that id.");
        }
        return ConsolePages.redirect("/console/alarms?done=deleted");
    }

    private Alert own(ConsoleRequest r) {
        return alerts.find(r.signedIn().accountId(), r.required("alert", "The alarm"))
                .orElseThrow(() -> new ConsoleException(404, "You have no alarm with that id."));
    }

    private HttpResponse page(ConsoleRequest r, HttpStatus status, String message, String error) {
        ConsoleUser user = r.signedIn();
        List<AlertRow> rows = alerts.list(user.accountId()).stream().map(AlertPages::row).toList();
        return pages.page(status, "alarms.jte", List.of(), "user", user, "alerts", rows,
                "devices", devices.of(user.accountId()), "week", ConsoleForms.WEEK.stream().map(ConsoleForms::wire).toList(),
                "message", message, "error", error);
    }

    private static AlertRow row(Alert a) {
        ZonedDateTime at = a.scheduledTime();
        String repeat = a.repeats() ? SpokenDays.of(a.daysOfWeek()) : "once";
        return new AlertRow(a.token(), a.type() == Alert.Type.ALARM ? "alarm" : "timer", WHEN.format(at),
                a.zone().getId(), repeat, a.status().name().toLowerCase(Locale.ROOT),
                a.time().toString(), at.toLocalDate().toString(),
                a.daysOfWeek().stream().map(ConsoleForms::wire).collect(Collectors.toUnmodifiableSet()));
    }

    private static String message(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "added" -> "The alarm is set; your connected devices have it.";
            case "timer" -> "The timer is running; your connected devices have it.";
            case "changed" -> "The alarm was changed on your devices.";
            case "deleted" -> "Deleted from your devices.";
            default -> null;
        };
    }
}
