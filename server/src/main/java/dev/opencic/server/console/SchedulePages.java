package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import dev.opencic.server.skill.schedule.AccountSchedules;
import dev.opencic.server.skill.schedule.Period;
import dev.opencic.server.skill.schedule.Schedule;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Your schedule: the account's calendar entries from today on (in the account's zone: its first
 * device's), adding one on a day (at a time, or all day), changing one, deleting one, through the
 * schedule skill's {@link AccountSchedules} (the store "what's on my calendar" reads). Another
 * account's entry id is "no such entry" (404).
 */
final class SchedulePages {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private final ConsolePages pages;
    private final AccountSchedules schedules;
    private final AccountDevices devices;

    SchedulePages(ConsolePages pages, AccountSchedules schedules, AccountDevices devices) {
        this.pages = pages;
        this.schedules = schedules;
        this.devices = devices;
    }

    HttpResponse list(ConsoleRequest r) {
        return page(r, HttpStatus.OK, message(r.param("done")), null);
    }

    HttpResponse add(ConsoleRequest r) {
        return ConsoleForms.orRefused(() -> {
            String content = ConsoleForms.text(r, "content", "The entry", AccountSchedules.MAX_CONTENT);
            LocalDate date = requiredDate(r);
            LocalTime time = r.param("time") == null ? null : ConsoleForms.time(r, "time");
            schedules.add(r.signedIn().accountId(), content, date, time, devices.homeZone(r.signedIn().accountId()));
            return ConsolePages.redirect("/console/schedules?done=added");
        }, error -> page(r, HttpStatus.BAD_REQUEST, null, error));
    }

    HttpResponse edit(ConsoleRequest r) {
        ZoneId zone = devices.homeZone(r.signedIn().accountId());
        Schedule entry = own(r, zone);
        return ConsoleForms.orRefused(() -> {
            String content = ConsoleForms.text(r, "content", "The entry", AccountSchedules.MAX_CONTENT);
            LocalDate date = requiredDate(r);
            LocalTime time = r.param("time") == null ? null : ConsoleForms.time(r, "time");
            schedules.change(r.signedIn().accountId(), entry.id(), content, date, time, zone)
                    .orElseThrow(() -> new ConsoleException(404, "You have no calendar entry with that id."));
            return ConsolePages.redirect("/console/schedules?done=changed");
        }, error -> page(r, HttpStatus.BAD_REQUEST, null, error));
    }

    HttpResponse delete(ConsoleRequest r) {
        Schedule entry = own(r, devices.homeZone(r.signedIn().accountId()));
        if (!schedules.delete(r.signedIn().accountId(), entry.id())) {
            throw new ConsoleException(404, "You have no calendar entry with that id.");
        }
        return ConsolePages.redirect("/console/schedules?done=deleted");
    }

    private Schedule own(ConsoleRequest r, ZoneId zone) {
        return schedules.find(r.signedIn().accountId(), r.required("schedule", "The entry"), zone)
                .orElseThrow(() -> new ConsoleException(404, "You have no calendar entry with that id."));
    }

    private static LocalDate requiredDate(ConsoleRequest r) {
        LocalDate date = ConsoleForms.optionalDate(r, "date");
        if (date == null) {
            throw new ConsoleException(400, "The day is missing.");
        }
        return date;
    }

    private HttpResponse page(ConsoleRequest r, HttpStatus status, String message, String error) {
        ConsoleUser user = r.signedIn();
        ZoneId zone = devices.homeZone(user.accountId());
        List<ScheduleRow> rows = schedules.upcoming(user.accountId(), zone).stream().map(SchedulePages::row).toList();
        return pages.page(status, "schedules.jte", List.of(), "user", user, "schedules", rows, "zone", zone.getId(),
                "message", message, "error", error);
    }

    private static ScheduleRow row(Schedule s) {
        boolean timed = s.period() == Period.HOUR || s.period() == Period.MINUTE || s.period() == Period.NONE;
        String when = DAY.format(s.start()) + (timed ? ", " + CLOCK.format(s.start()) : ", all day");
        return new ScheduleRow(s.id(), s.content(), when, s.start().toLocalDate().toString(),
                timed ? CLOCK.format(s.start()) : "");
    }

    private static String message(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "added" -> "The entry is in your calendar.";
            case "changed" -> "The entry was changed.";
            case "deleted" -> "The entry was deleted.";
            default -> null;
        };
    }
}
