package dev.opencic.server.console;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reading the data pages' fields (a time, a date, days of the week, a text of bounded length), each
 * refusal a 400 with a message for the person, and showing a refused form on its own page.
 */
final class ConsoleForms {

    private ConsoleForms() {}

    /** A form's clock time, {@code HH:mm} (as {@code <input type=time>} sends it). */
    static LocalTime time(ConsoleRequest r, String field) {
        String value = r.required(field, "The time");
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConsoleException(400, "The time must be written like 07:30.");
        }
    }

    /** A form's date, {@code yyyy-MM-dd}; null when the field is empty. */
    static LocalDate optionalDate(ConsoleRequest r, String field) {
        String value = r.param(field);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConsoleException(400, "The date must be written like 2026-12-24.");
        }
    }

    /** The checked days of the week ({@code day=monday} repeated); none when none is checked. */
    static Set<DayOfWeek> days(ConsoleRequest r, String field) {
        List<String> values = r.params().getAll(field);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String v : values) {
            try {
                days.add(DayOfWeek.valueOf(v.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConsoleException(400, "A repeat day must be a day of the week.");
            }
        }
        return days;
    }

    /** A whole number from {@code min} to {@code max}; 0 when the field is empty. */
    static int number(ConsoleRequest r, String field, String label, int min, int max) {
        String value = r.param(field);
        if (value == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below, with the range
        }
        throw new ConsoleException(400, label + " must be a whole number from " + min + " to " + max + ".");
    }

    /** A required text of at most {@code max} characters. */
    static String text(ConsoleRequest r, String field, String label, int max) {
        String value = r.required(field, label);
        if (value.length() > max) {
            throw new ConsoleException(400, label + " is too long (at most " + max + " characters).");
        }
        return value;
    }

    /**
     * Runs a form's action; a refusal of its input (400, or a service's IllegalArgumentException) is
     * shown on the form's page with status 400 instead of the bare error page, nothing changed.
     */
    static com.linecorp.armeria.common.HttpResponse orRefused(
            Supplier<com.linecorp.armeria.common.HttpResponse> action,
            Function<String, com.linecorp.armeria.common.HttpResponse> refusedPage) {
        try {
            return action.get();
        } catch (ConsoleException e) {
            if (e.status() != 400) {
                throw e;
            }
            return refusedPage.apply(e.getMessage());
        } catch (IllegalArgumentException e) {
            return refusedPage.apply(e.getMessage());
        }
    }

    static final List<DayOfWeek> WEEK = List.of(DayOfWeek.values());

    /** "monday" as the form sends it. */
    static String wire(DayOfWeek day) {
        return day.name().toLowerCase(Locale.ROOT);
    }
}
