package dev.opencic.server.skill.reminder;

import dev.opencic.server.nlu.time.SpokenDays;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The arithmetic and words of a repeating reminder: a set of days of the week and a wall-clock time
 * in the reminder's zone.
 */
final class Recurrence {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("h:mm a", Locale.ENGLISH);

    private Recurrence() {}

    /**
     * The first occurrence strictly after {@code after}: {@code time} on the next day of {@code days},
     * in {@code zone}. {@link ZonedDateTime#of} applies the zone's rules: a time the clock skips
     * (spring forward) is moved later by the length of the gap, that day only; a time the clock
     * passes twice (fall back) is the earlier of the two, so it is spoken once.
     */
    static ZonedDateTime next(Set<DayOfWeek> days, LocalTime time, ZoneId zone, Instant after) {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("days: empty (expected: at least one day)");
        }
        LocalDate from = after.atZone(zone).toLocalDate();
        // Day 0 may already be past; day 7 is the same weekday again. A gap pushes a time at most
        // a few hours later, never past the next day's, so eight days always hold the answer.
        for (int d = 0; d <= 7; d++) {
            LocalDate day = from.plusDays(d);
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            ZonedDateTime at = ZonedDateTime.of(day, time, zone);
            if (at.toInstant().isAfter(after)) {
                return at;
            }
        }
        throw new IllegalStateException("no occurrence of " + days + " at " + time + " after " + after);
    }

    /**
     * The last occurrence at or before {@code now} and after {@code since}; {@code since} itself when
     * none is. Only the last eight days are looked at: an older one is never the last.
     */
    static Instant latest(Set<DayOfWeek> days, LocalTime time, ZoneId zone, Instant since, Instant now) {
        Instant weekAgo = now.minus(java.time.Duration.ofDays(8));
        Instant last = since;
        Instant at = since.isAfter(weekAgo) ? since : weekAgo;
        while (true) {
            Instant next = next(days, time, zone, at).toInstant();
            if (next.isAfter(now)) {
                return last;
            }
            last = next;
            at = next;
        }
    }

    /** "every day", "every weekday", "on weekends", "every Monday and Wednesday". */
    static String spokenDays(Set<DayOfWeek> days) {
        return SpokenDays.of(days);
    }

    /** "every day at 8 AM", "every weekday at 7:30 AM". */
    static String spoken(Set<DayOfWeek> days, LocalTime time) {
        String clock = time.getMinute() == 0 ? DateTimeFormatter.ofPattern("h a", Locale.ENGLISH).format(time)
                : CLOCK.format(time);
        return spokenDays(days) + " at " + clock;
    }

    /** "MON,WED"; null for none. */
    static String encode(Set<DayOfWeek> days) {
        if (days.isEmpty()) {
            return null;
        }
        return days.stream().sorted().map(d -> d.name().substring(0, 3)).collect(Collectors.joining(","));
    }

    /** The days of {@link #encode}; empty for null or blank. */
    static Set<DayOfWeek> decode(String column) {
        if (column == null || column.isBlank()) {
            return Set.of();
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : column.split(",")) {
            String p = part.strip();
            DayOfWeek day = null;
            for (DayOfWeek d : DayOfWeek.values()) {
                if (d.name().startsWith(p) && p.length() >= 3) {
                    day = d;
                }
            }
            if (day == null) {
                throw new IllegalArgumentException("repeat_days: unknown day " + p);
            }
            days.add(day);
        }
        return Collections.unmodifiableSet(days);
    }
}
