package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import dev.opencic.server.nlu.time.SpokenDays;
import dev.opencic.server.skill.reminder.AccountReminders;
import dev.opencic.server.skill.reminder.Reminder;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Your reminders: the account's reminders, adding one spoken on a chosen device (at a date and time
 * in that device's zone, or without a time: a to-do), changing its words or time, deleting one.
 * Every change goes through the reminder skill's {@link AccountReminders}: the same store and the
 * same delivery task (rescheduled when the time changes), so the reminder is spoken on its device at
 * its time exactly as one set by voice. Another account's reminder id is "no such reminder" (404).
 */
final class ReminderPages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);
    /** A day without a time means that morning, as by voice ("remind me on Friday"). */
    private static final LocalTime MORNING = LocalTime.of(9, 0);

    private final ConsolePages pages;
    private final AccountReminders reminders;
    private final AccountDevices devices;
    private final Clock clock;

    ReminderPages(ConsolePages pages, AccountReminders reminders, AccountDevices devices, Clock clock) {
        this.pages = pages;
        this.reminders = reminders;
        this.devices = devices;
        this.clock = clock;
    }

    HttpResponse list(ConsoleRequest r) {
        return page(r, HttpStatus.OK, message(r.param("done")), null);
    }

    HttpResponse add(ConsoleRequest r) {
        return ConsoleForms.orRefused(() -> {
            DeviceChoice device = devices.chosen(r, "device");
            String content = ConsoleForms.text(r, "content", "The reminder", AccountReminders.MAX_CONTENT);
            reminders.add(device.identity(), device.zone(), content, moment(r, device.zone()));
            return ConsolePages.redirect("/console/reminders?done=added");
        }, error -> page(r, HttpStatus.BAD_REQUEST, null, error));
    }

    HttpResponse edit(ConsoleRequest r) {
        Reminder reminder = own(r);
        return ConsoleForms.orRefused(() -> {
            String content = ConsoleForms.text(r, "content", "The reminder", AccountReminders.MAX_CONTENT);
            Instant at = moment(r, reminder.zone());
            reminders.change(r.signedIn().accountId(), reminder.id(), content, at)
                    .orElseThrow(() -> new ConsoleException(404, "You have no reminder with that id."));
            return ConsolePages.redirect("/console/reminders?done=changed");
        }, error -> page(r, HttpStatus.BAD_REQUEST, null, error));
    }

    HttpResponse delete(ConsoleRequest r) {
        Reminder reminder = own(r);
        if (!reminders.delete(r.signedIn().accountId(), reminder.id())) {
            throw new ConsoleException(404, "You have no reminder with that id.");
        }
        return ConsolePages.redirect("/console/reminders?done=deleted");
    }

    private Reminder own(ConsoleRequest r) {
        return reminders.find(r.signedIn().accountId(), r.required("reminder", "The reminder"))
                .orElseThrow(() -> new ConsoleException(404, "You have no reminder with that id."));
    }

    /**
     * The form's date and time in {@code zone}: both empty, none (a to-do, or the time kept when
     * editing); a time alone, the next time that clock time comes; a date alone, 9 in the morning.
     */
    private Instant moment(ConsoleRequest r, ZoneId zone) {
        LocalDate date = ConsoleForms.optionalDate(r, "date");
        LocalTime time = r.param("time") == null ? null : ConsoleForms.time(r, "time");
        if (date == null && time == null) {
            return null;
        }
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(zone);
        if (date == null) {
            ZonedDateTime at = ZonedDateTime.of(now.toLocalDate(), time, zone);
            return (at.isAfter(now) ? at : at.plusDays(1)).toInstant();
        }
        return ZonedDateTime.of(date, time != null ? time : MORNING, zone).toInstant();
    }

    private HttpResponse page(ConsoleRequest r, HttpStatus status, String message, String error) {
        ConsoleUser user = r.signedIn();
        List<DeviceChoice> choices = devices.of(user.accountId());
        Map<String, String> labels = choices.stream()
                .collect(Collectors.toMap(DeviceChoice::deviceId, DeviceChoice::label, (a, b) -> a));
        List<ReminderRow> rows = reminders.list(user.accountId()).stream()
                .map(rem -> row(rem, id -> labels.getOrDefault(id, id))).toList();
        return pages.page(status, "reminders.jte", List.of(), "user", user, "reminders", rows, "devices", choices,
                "message", message, "error", error);
    }

    private static ReminderRow row(Reminder r, Function<String, String> deviceLabel) {
        ZonedDateTime at = r.remindAt() == null ? null : r.remindAt().atZone(r.zone());
        return new ReminderRow(r.id(), r.content(), at == null ? "no time" : WHEN.format(at) + " " + r.zone().getId(),
                r.repeats() ? SpokenDays.of(r.repeatDays()) : "once", deviceLabel.apply(r.owner().deviceId()),
                r.done() ? "done" : r.state().name().toLowerCase(Locale.ROOT),
                at == null ? "" : at.toLocalDate().toString(), at == null ? "" : at.toLocalTime().toString(), r.repeats());
    }

    private static String message(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "added" -> "The reminder is set: its device will say it at its time.";
            case "changed" -> "The reminder was changed.";
            case "deleted" -> "The reminder was deleted.";
            default -> null;
        };
    }
}
