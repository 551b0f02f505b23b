package dev.opencic.server.nlu.time;

import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The days of a recurrence as the assistant says them, the same way in every skill: "every day",
 * "every weekday", "on weekends", "every Monday and Wednesday".
 */
public final class SpokenDays {

    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    private static final Set<DayOfWeek> WEEKEND = EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);

    private SpokenDays() {}

    /** {@code days} in words; empty for no days. */
    public static String of(Set<DayOfWeek> days) {
        if (days.isEmpty()) {
            return "";
        }
        if (days.size() == 7) {
            return "every day";
        }
        if (days.equals(WEEKDAYS)) {
            return "every weekday";
        }
        if (days.equals(WEEKEND)) {
            return "on weekends";
        }
        List<String> names = days.stream().sorted()
                .map(d -> d.getDisplayName(TextStyle.FULL, Locale.ENGLISH)).toList();
        if (names.size() == 1) {
            return "every " + names.get(0);
        }
        return "every " + String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
