package dev.opencic.server.skill.alerts;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.Alerts;
import dev.opencic.protocol.payload.ContentTemplates;
import dev.opencic.protocol.payload.ContentTemplates.Value;
import dev.opencic.server.nlu.time.SpokenDays;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The Alerts directives and the alarm and timer list templates, and how alerts are spoken. */
final class AlertMessages {
    private AlertMessages() {}

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("h:mm a", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.ENGLISH);

    /** {@code Alerts.SetAlert}: token, type, scheduledTime, daysOfWeek for repeating alarms, currentTime for timers. */
    static Directive setAlert(Alert a, ZonedDateTime now, String dialogRequestId) {
        return Directive.of(dialogRequestId, setAlertPayload(a, now));
    }

    static Alerts.SetAlert setAlertPayload(Alert a, ZonedDateTime now) {
        List<String> days = a.repeats()
                ? a.daysOfWeek().stream().sorted().map(day -> day.name().toLowerCase(Locale.ROOT)).toList()
                : List.of();
        String currentTime = a.type() == Alert.Type.TIMER ? iso(now.withZoneSameInstant(a.zone())) : null;
        return new Alerts.SetAlert(a.token(), a.type().name(), iso(a.scheduledTime()), days, currentTime);
    }

    /** {@code Alerts.DeleteAlert} or {@code Alerts.StopAlert}. */
    static Directive tokenDirective(String name, Alert a, String dialogRequestId) {
        return Directive.of(Namespaces.ALERTS, name, dialogRequestId,
                new Alerts.AlertToken(a.token(), a.type().name()));
    }

    static Directive synchronize(List<Alert> alerts, ZonedDateTime now, String dialogRequestId) {
        return Directive.of(dialogRequestId, new Alerts.SynchronizeAlert(alerts.stream()
                .filter(a -> a.status() != Alert.Status.FAILED).map(a -> setAlertPayload(a, now)).toList()));
    }

    /** The {@code AlarmList} content template. */
    static ContentTemplates.AlarmList alarmList(List<Alert> alarms) {
        return new ContentTemplates.AlarmList(alarms.stream().map(a -> {
            String period = !a.repeats() ? "" : a.daysOfWeek().size() == 7 ? "daily" : "weekly";
            List<Value> days = !period.equals("weekly") ? List.of() : a.daysOfWeek().stream().sorted()
                    .map(d -> Value.string(d.name().toLowerCase(Locale.ROOT))).toList();
            return new ContentTemplates.Alarm(Value.string(a.token()), new Value("datetime", iso(a.scheduledTime())),
                    Value.string(period), days);
        }).toList());
    }

    /** The {@code Alarm} content template: the one alarm just set. */
    static ContentTemplates.AlarmTemplate alarm(Alert alarm) {
        return new ContentTemplates.AlarmTemplate(alarmList(List.of(alarm)).alarmList().get(0));
    }

    /** The {@code Timer} content template: the one timer just started. */
    static ContentTemplates.TimerTemplate timer(Alert timer) {
        return new ContentTemplates.TimerTemplate(timerList(List.of(timer)).timerList().get(0));
    }

    /** The {@code TimerList} content template. */
    static ContentTemplates.TimerList timerList(List<Alert> timers) {
        return new ContentTemplates.TimerList(timers.stream().map(a -> new ContentTemplates.Timer(
                Value.string(a.token()), new Value("datetime", iso(a.scheduledTime())))).toList());
    }

    static String iso(ZonedDateTime t) {
        return ISO.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** "7:30 AM tomorrow", "6:00 AM every weekday", "9:00 PM on Friday, March 3". */
    static String spokenAlarm(Alert a, ZonedDateTime now) {
        ZonedDateTime at = a.scheduledTime();
        String clock = CLOCK.format(at);
        if (a.repeats()) {
            return clock + " " + spokenDays(a.daysOfWeek());
        }
        return clock + " " + spokenDay(at, now);
    }

    static String spokenDay(ZonedDateTime at, ZonedDateTime now) {
        long days = ChronoUnit.DAYS.between(now.toLocalDate(), at.withZoneSameInstant(now.getZone()).toLocalDate());
        if (days == 0) {
            return "today";
        }
        if (days == 1) {
            return "tomorrow";
        }
        return "on " + DAY.format(at);
    }

    static String spokenDays(Set<DayOfWeek> days) {
        return SpokenDays.of(days);
    }

    /** "4 minutes and 30 seconds". */
    static String spokenDuration(Duration d) {
        long total = Math.max(0, d.getSeconds());
        List<String> parts = new ArrayList<>();
        long h = total / 3600;
        long m = total % 3600 / 60;
        long s = total % 60;
        if (h > 0) {
            parts.add(h + (h == 1 ? " hour" : " hours"));
        }
        if (m > 0) {
            parts.add(m + (m == 1 ? " minute" : " minutes"));
        }
        if (s > 0 || parts.isEmpty()) {
            parts.add(s + (s == 1 ? " second" : " seconds"));
        }
        return list(parts);
    }

    static String list(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
