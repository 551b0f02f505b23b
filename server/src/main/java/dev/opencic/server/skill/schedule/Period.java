package dev.opencic.server.skill.schedule;

import java.time.ZonedDateTime;
import java.util.Locale;

/** The reference's {@code period} values: the smallest unit of time said, and how long it lasts. */
public enum Period {
    NONE, YEAR, MONTH, WEEK, DAY, HOUR, MINUTE;

    /** As the payload writes it: {@code "none"}, {@code "day"}... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Period fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** {@code start} plus one period ({@code start} itself for NONE). */
    public ZonedDateTime after(ZonedDateTime start) {
        return switch (this) {
            case NONE -> start;
            case YEAR -> start.plusYears(1);
            case MONTH -> start.plusMonths(1);
            case WEEK -> start.plusWeeks(1);
            case DAY -> start.plusDays(1);
            case HOUR -> start.plusHours(1);
            case MINUTE -> start.plusMinutes(1);
        };
    }
}
