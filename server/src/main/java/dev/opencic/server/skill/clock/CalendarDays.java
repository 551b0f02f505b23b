package dev.opencic.server.skill.clock;

import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.nlu.time.TimeExpression;
import dev.opencic.server.nlu.time.TimeExpressions;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The day a user names in a date question: "tomorrow", "friday", "december 25th" (through the time
 * expressions every skill uses), or a fixed-date holiday ("christmas"), whose next occurrence counts.
 */
final class CalendarDays {

    private CalendarDays() {}

    /** A day found, with the name to say it by ("Christmas", "Friday"). */
    record Day(LocalDate date, String spokenName) {}

    /** Holidays on the same date every year; movable feasts (Easter) are not known. */
    private static final Map<String, MonthDay> HOLIDAYS = new LinkedHashMap<>();

    static {
        HOLIDAYS.put("christmas eve", MonthDay.of(12, 24));
        HOLIDAYS.put("christmas day", MonthDay.of(12, 25));
        HOLIDAYS.put("christmas", MonthDay.of(12, 25));
        HOLIDAYS.put("xmas", MonthDay.of(12, 25));
        HOLIDAYS.put("boxing day", MonthDay.of(12, 26));
        HOLIDAYS.put("new year's eve", MonthDay.of(12, 31));
        HOLIDAYS.put("new years eve", MonthDay.of(12, 31));
        HOLIDAYS.put("new year's day", MonthDay.of(1, 1));
        HOLIDAYS.put("new years day", MonthDay.of(1, 1));
        HOLIDAYS.put("new year's", MonthDay.of(1, 1));
        HOLIDAYS.put("new years", MonthDay.of(1, 1));
        HOLIDAYS.put("new year", MonthDay.of(1, 1));
        HOLIDAYS.put("the new year", MonthDay.of(1, 1));
        HOLIDAYS.put("valentine's day", MonthDay.of(2, 14));
        HOLIDAYS.put("valentines day", MonthDay.of(2, 14));
        HOLIDAYS.put("valentine's", MonthDay.of(2, 14));
        HOLIDAYS.put("saint patrick's day", MonthDay.of(3, 17));
        HOLIDAYS.put("st patrick's day", MonthDay.of(3, 17));
        HOLIDAYS.put("independence day", MonthDay.of(7, 4));
        HOLIDAYS.put("the fourth of july", MonthDay.of(7, 4));
        HOLIDAYS.put("fourth of july", MonthDay.of(7, 4));
        HOLIDAYS.put("halloween", MonthDay.of(10, 31));
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
        for (Map.Entry<String, MonthDay> h : HOLIDAYS.entrySet()) {
            if (h.getKey().replace("'", "").equals(holidayKey)) {
                LocalDate today = now.toLocalDate();
                LocalDate date = h.getValue().atYear(today.getYear());
                if (date.isBefore(today)) {
                    date = h.getValue().atYear(today.getYear() + 1);
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
