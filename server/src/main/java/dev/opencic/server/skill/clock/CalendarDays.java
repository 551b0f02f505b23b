package dev.opencic.server.skill.clock;

import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.nlu.time.TimeExpression;
import dev.opencic.server.nlu.time.TimeExpressions;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The day a user names in a date question: "tomorrow", "friday", "december 25th" (through the time
 * expressions every skill uses), or a holiday, fixed ("christmas") or movable ("easter",
 * "thanksgiving"), whose next occurrence counts.
 */
final class CalendarDays {

    private CalendarDays() {}

    /** A day found, with the name to say it by ("Christmas", "Friday"). */
    record Day(LocalDate date, String spokenName) {}

    /** Holidays by name: the date they fall on in a given year. */
    private static final Map<String, IntFunction<LocalDate>> HOLIDAYS = new LinkedHashMap<>();

    static {
        fixed(12, 24, "christmas eve");
        fixed(12, 25, "christmas day", "christmas", "xmas");
        fixed(12, 26, "boxing day");
        fixed(12, 31, "new year's eve", "new years eve");
        fixed(1, 1, "new year's day", "new years day", "new year's", "new years", "new year", "the new year");
        fixed(2, 14, "valentine's day", "valentines day", "valentine's");
        fixed(3, 17, "saint patrick's day", "st patrick's day");
        fixed(7, 4, "independence day", "the fourth of july", "fourth of july");
        fixed(10, 31, "halloween");
        // Movable feasts: Easter and the days counted from it, and the US holidays that fall on
        // the n-th (or last) weekday of a month.
        movable(year -> easterSunday(year), "easter sunday", "easter day", "easter");
        movable(year -> easterSunday(year).minusDays(2), "good friday");
        movable(year -> easterSunday(year).plusDays(1), "easter monday");
        movable(year -> easterSunday(year).minusDays(47), "shrove tuesday", "pancake day", "mardi gras");
        movable(year -> easterSunday(year).minusDays(46), "ash wednesday");
        movable(year -> easterSunday(year).plusDays(39), "ascension day");
        movable(year -> easterSunday(year).plusDays(49), "pentecost", "whit sunday");
        movable(year -> nthWeekday(year, 1, DayOfWeek.MONDAY, 3), "martin luther king day", "martin luther king jr day");
        movable(year -> nthWeekday(year, 2, DayOfWeek.MONDAY, 3), "presidents day", "presidents' day");
        movable(year -> nthWeekday(year, 5, DayOfWeek.SUNDAY, 2), "mother's day", "mothers day");
        movable(year -> lastWeekday(year, 5, DayOfWeek.MONDAY), "memorial day");
        movable(year -> nthWeekday(year, 6, DayOfWeek.SUNDAY, 3), "father's day", "fathers day");
        movable(year -> nthWeekday(year, 9, DayOfWeek.MONDAY, 1), "labor day", "labour day");
        movable(year -> nthWeekday(year, 11, DayOfWeek.THURSDAY, 4), "thanksgiving day", "thanksgiving");
    }

    private static void fixed(int month, int day, String... names) {
        MonthDay date = MonthDay.of(month, day);
        movable(date::atYear, names);
    }

    private static void movable(IntFunction<LocalDate> dateInYear, String... names) {
        for (String name : names) {
            HOLIDAYS.put(name, dateInYear);
        }
    }

    /** Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }

    private static LocalDate nthWeekday(int year, int month, DayOfWeek weekday, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, weekday));
    }

    private static LocalDate lastWeekday(int year, int month, DayOfWeek weekday) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.lastInMonth(weekday));
    }

    /**
     * The day {@code said} names; empty when it names none. Words the matcher left in front of the
     * day ("of the week is december 25th") are dropped one by one until a day is found.
     */
    static Optional<Day> parse(String said, ZonedDateTime now) {
        if (said == null) {
            return Optional.empty();
        }
        String[] words = TextNormalizer.normalize(said).split(" ");
        Optional<Day> found = Optional.empty();
        for (int from = 0; from < words.length; from++) {
            Optional<Day> day = parseWhole(String.join(" ", java.util.Arrays.copyOfRange(words, from, words.length)), now);
            if (found.isEmpty()) {
                found = day;
            } else if (day.isPresent() && day.get().date().equals(found.get().date()) && words.length - from >= 2) {
                // The same day said with fewer words: its name without the words around it.
                found = day;
            }
        }
        return found;
    }

    private static Optional<Day> parseWhole(String said, ZonedDateTime now) {
        String s = TextNormalizer.normalize(said).replaceFirst("^(on|for|until|till|to) ", "");
        s = s.replaceFirst(" (this year|next year)$", "");
        String holidayKey = s.replace("'", "");
        for (Map.Entry<String, IntFunction<LocalDate>> h : HOLIDAYS.entrySet()) {
            if (h.getKey().replace("'", "").equals(holidayKey)) {
                LocalDate today = now.toLocalDate();
                LocalDate date = h.getValue().apply(today.getYear());
                if (date.isBefore(today)) {
                    date = h.getValue().apply(today.getYear() + 1);
                }
                return Optional.of(new Day(date, capitalized(h.getKey())));
            }
        }
        TimeExpression t = TimeExpressions.parse(s, now);
        if (t.status() == TimeExpression.Status.UNRECOGNISED || t.status() == TimeExpression.Status.IMPOSSIBLE
                || t.isRecurring() || t.date().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Day(t.date().get(), capitalized(s)));
    }

    /** "christmas eve" as "Christmas Eve", "new year's day" as "New Year's Day". */
    static String capitalized(String words) {
        StringBuilder out = new StringBuilder();
        for (String w : words.split(" ")) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1));
        }
        return out.toString();
    }
}
