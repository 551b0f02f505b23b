package dev.opencic.server.nlu.time;

import static java.util.Objects.requireNonNull;

import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.nlu.time.TimeExpression.Status;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves English time and date expressions, as typed or as a speech recogniser writes them, against
 * the current time in the device's zone.
 *
 * <pre>{@code
 * TimeExpression t = TimeExpressions.parse(slotText, ZonedDateTime.now(deviceZone));
 * switch (t.status()) {
 *     case RESOLVED -> t.isoDateTime()        // "2026-11-25T07:30:00-05:00"
 *     case PAST, IMPOSSIBLE, UNRECOGNISED -> ... // say so, or ask again
 * }
 * }</pre>
 *
 * <p>What it understands (digits or words, any case, with or without punctuation):
 * <ul>
 *   <li>clock times: "at 7:30", "7 pm", "7 p.m.", "noon", "midnight", "seven thirty", "seven oh five",
 *       "half past six", "quarter to eight", "twenty past nine", "19:45", "six o'clock";</li>
 *   <li>days: "today", "tonight", "tomorrow", "the day after tomorrow", "yesterday", "Friday",
 *       "next Friday", "this Friday", "on March 3rd", "the 3rd of March 2027", "the 5th";</li>
 *   <li>parts of the day: "tomorrow morning", "this evening", "at 7 in the evening";</li>
 *   <li>offsets and durations: "in 10 minutes", "in an hour and a half", "5 minutes from now",
 *       "for 5 minutes", "half an hour", "1 hour and 20 minutes", "ninety seconds";</li>
 *   <li>recurrence: "every day", "daily", "every weekday", "on weekends", "every Monday and Wednesday",
 *       "Mondays", "Monday to Friday".</li>
 * </ul>
 * Words it does not know are skipped, so a whole slot such as "tomorrow at 7 please" works.
 *
 * <p>How ambiguities are settled:
 * <ul>
 *   <li>A clock time without am/pm and without a day is the next one to come: at 14:20, "at 7:30"
 *       is 19:30 today, "at 3" is 15:00 today, "at 1" is 01:00 tomorrow. With a later day it is taken
 *       as said ("tomorrow at 7" is 07:00) unless a part of the day says otherwise ("tomorrow at 7 in
 *       the evening").</li>
 *   <li>A time alone that has passed today means tomorrow; a day and time that have passed are
 *       {@link Status#PAST} ("today at 9 am" at 14:20, "yesterday").</li>
 *   <li>"Friday" and "next Friday" are the first Friday after today; "this Friday" may be today.</li>
 *   <li>A month and day without a year that has passed this year means next year; "the 5th" is the
 *       next 5th to come. A date that exists in no year ("February 30th", "April 31st") or a clock
 *       time that cannot be ("25:10", "13 pm") is {@link Status#IMPOSSIBLE}.</li>
 *   <li>A part of the day alone gives its usual hour (morning 9:00, afternoon 15:00, evening 19:00,
 *       night 21:00) and {@link TimeExpression#approximateTime()}; "tonight" while night has begun
 *       is the next quarter hour.</li>
 *   <li>A recurrence with a time resolves {@link TimeExpression#dateTime()} to its next occurrence.</li>
 * </ul>
 * Daylight-saving gaps move a time forward by the length of the gap, as {@link ZonedDateTime} does.
 */
public final class TimeExpressions {
    private TimeExpressions() {}

    /**
     * Resolves {@code text} against {@code now}; the result is in {@code now}'s zone.
     *
     * @param text a time expression, e.g. a slot's text; may contain other words
     * @param now the current time in the device's zone
     */
    public static TimeExpression parse(String text, ZonedDateTime now) {
        requireNonNull(text, "text");
        requireNonNull(now, "now");
        TimeExpression t;
        try {
            t = new Parser(tokenize(text), now).parse();
        } catch (ArithmeticException | DateTimeException e) {
            return TimeExpression.failed(Status.IMPOSSIBLE, "that is too far away"); // "in 900000000 years"
        }
        ZonedDateTime limit = now.plus(MAX_AHEAD);
        boolean tooFar = t.dateTime().map(d -> d.isAfter(limit)).orElse(false)
                || t.date().map(d -> d.isAfter(limit.toLocalDate())).orElse(false)
                || t.duration().map(d -> d.compareTo(MAX_AHEAD) > 0).orElse(false);
        return tooFar ? TimeExpression.failed(Status.IMPOSSIBLE, "that is too far away") : t;
    }

    /**
     * How far ahead a time may be. Beyond it nothing an assistant keeps makes sense, and huge
     * values would overflow the clock arithmetic and the database's timestamps.
     */
    public static final Duration MAX_AHEAD = Duration.ofDays(10 * 366);

    // ---- words ------------------------------------------------------------------------------

    private static final Map<String, Integer> UNITS = Map.ofEntries(
            Map.entry("zero", 0), Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3),
            Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7),
            Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11),
            Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14),
            Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17),
            Map.entry("eighteen", 18), Map.entry("nineteen", 19));
    private static final Map<String, Integer> TENS = Map.of(
            "twenty", 20, "thirty", 30, "forty", 40, "fifty", 50, "sixty", 60, "seventy", 70,
            "eighty", 80, "ninety", 90);
    private static final Map<String, Integer> ORDINAL_UNITS = Map.ofEntries(
            Map.entry("first", 1), Map.entry("second", 2), Map.entry("third", 3), Map.entry("fourth", 4),
            Map.entry("fifth", 5), Map.entry("sixth", 6), Map.entry("seventh", 7), Map.entry("eighth", 8),
            Map.entry("ninth", 9), Map.entry("tenth", 10), Map.entry("eleventh", 11),
            Map.entry("twelfth", 12), Map.entry("thirteenth", 13), Map.entry("fourteenth", 14),
            Map.entry("fifteenth", 15), Map.entry("sixteenth", 16), Map.entry("seventeenth", 17),
            Map.entry("eighteenth", 18), Map.entry("nineteenth", 19), Map.entry("twentieth", 20),
            Map.entry("thirtieth", 30));
    private static final Map<String, DayOfWeek> DAYS = Map.ofEntries(
            Map.entry("monday", DayOfWeek.MONDAY), Map.entry("tuesday", DayOfWeek.TUESDAY),
            Map.entry("wednesday", DayOfWeek.WEDNESDAY), Map.entry("thursday", DayOfWeek.THURSDAY),
            Map.entry("friday", DayOfWeek.FRIDAY), Map.entry("saturday", DayOfWeek.SATURDAY),
            Map.entry("sunday", DayOfWeek.SUNDAY));
    private static final Map<String, Month> MONTHS = Map.ofEntries(
            Map.entry("january", Month.JANUARY), Map.entry("february", Month.FEBRUARY),
            Map.entry("march", Month.MARCH), Map.entry("april", Month.APRIL), Map.entry("may", Month.MAY),
            Map.entry("june", Month.JUNE), Map.entry("july", Month.JULY), Map.entry("august", Month.AUGUST),
            Map.entry("september", Month.SEPTEMBER), Map.entry("sept", Month.SEPTEMBER),
            Map.entry("october", Month.OCTOBER), Map.entry("november", Month.NOVEMBER),
            Map.entry("december", Month.DECEMBER), Map.entry("jan", Month.JANUARY),
            Map.entry("feb", Month.FEBRUARY), Map.entry("apr", Month.APRIL), Map.entry("aug", Month.AUGUST),
            Map.entry("oct", Month.OCTOBER), Map.entry("nov", Month.NOVEMBER), Map.entry("dec", Month.DECEMBER));
    private static final Map<String, ChronoUnit> DURATION_UNITS = Map.ofEntries(
            Map.entry("second", ChronoUnit.SECONDS), Map.entry("seconds", ChronoUnit.SECONDS),
            Map.entry("sec", ChronoUnit.SECONDS), Map.entry("secs", ChronoUnit.SECONDS),
            Map.entry("minute", ChronoUnit.MINUTES), Map.entry("minutes", ChronoUnit.MINUTES),
            Map.entry("min", ChronoUnit.MINUTES), Map.entry("mins", ChronoUnit.MINUTES),
            Map.entry("hour", ChronoUnit.HOURS), Map.entry("hours", ChronoUnit.HOURS),
            Map.entry("hr", ChronoUnit.HOURS), Map.entry("hrs", ChronoUnit.HOURS),
            Map.entry("day", ChronoUnit.DAYS), Map.entry("days", ChronoUnit.DAYS),
            Map.entry("week", ChronoUnit.WEEKS), Map.entry("weeks", ChronoUnit.WEEKS));

    enum PartOfDay {
        MORNING(9, 12), AFTERNOON(15, 18), EVENING(19, 22), NIGHT(21, 24);

        final int usualHour;
        final int endHour;

        PartOfDay(int usualHour, int endHour) {
            this.usualHour = usualHour;
            this.endHour = endHour;
        }

        static PartOfDay of(String word) {
            return switch (word) {
                case "morning" -> MORNING;
                case "afternoon" -> AFTERNOON;
                case "evening" -> EVENING;
                case "night", "tonight" -> NIGHT;
                default -> null;
            };
        }
    }

    static List<String> tokenize(String text) {
        String s = TextNormalizer.normalize(text.replaceAll("(\\d)\\.(\\d)", "$1dot$2"))
                .replaceAll("(\\d)dot(\\d)", "$1.$2")
                .replaceAll("(\\d)(am|pm|a m|p m)\\b", "$1 $2")
                .replaceAll("\\ba m\\b", "am")
                .replaceAll("\\bp m\\b", "pm")
                .replace("o'clock", "oclock")
                .replace("o clock", "oclock");
        List<String> out = new ArrayList<>();
        for (String t : s.split(" ")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    // ---- parser -----------------------------------------------------------------------------

    private static final class Parser {
        private final List<String> tokens;
        private final ZonedDateTime now;
        private final LocalDate today;

        private int i;
        private boolean recognised;
        private String impossible;
        private boolean pastDate;

        private Integer hour;
        private int minute;
        private Boolean pm; // null: not said
        private boolean clock24; // "19:45", "07:00": no am/pm guess
        private PartOfDay part;
        private LocalDate date;
        private boolean dateIsToday; // said "today"/"tonight"/"this ..."
        private Duration offset;
        private Duration duration;
        private boolean now_;
        private final EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);

        Parser(List<String> tokens, ZonedDateTime now) {
            this.tokens = tokens;
            this.now = now;
            this.today = now.toLocalDate();
        }

        private String at(int k) {
            return k < tokens.size() ? tokens.get(k) : "";
        }

        TimeExpression parse() {
            while (i < tokens.size()) {
                int before = i;
                if (recurrence() || inDuration() || clockWithPastOrTo() || bareDuration() || calendarDate()
                    || clockTime() || dayWord() || partOfDay()) {
                    recognised = true;
                } else {
                    i = before + 1; // a word we do not know, or a filler such as "at", "on", "the"
                }
            }
            if (impossible != null) {
                return TimeExpression.failed(Status.IMPOSSIBLE, impossible);
            }
            if (!recognised) {
                return TimeExpression.failed(Status.UNRECOGNISED, "no time, date or duration found");
            }
            return resolve();
        }

        // ---- numbers ----

        /** A number in digits or words at {@code k}; returns {value, nextIndex} or null. */
        private double[] number(int k) {
            String t = at(k);
            if (t.matches("\\d+(\\.\\d+)?")) {
                return new double[] {Double.parseDouble(t), k + 1};
            }
            Integer tens = TENS.get(t);
            if (tens != null) {
                Integer unit = UNITS.get(at(k + 1));
                if (unit != null && unit > 0 && unit < 10) {
                    return new double[] {tens + unit, k + 2};
                }
                return new double[] {tens, k + 1};
            }
            Integer unit = UNITS.get(t);
            return unit == null ? null : new double[] {unit, k + 1};
        }

        /** An ordinal ("3rd", "third", "twenty first") at {@code k}; returns {value, nextIndex} or null. */
        private int[] ordinal(int k) {
            String t = at(k);
            if (t.matches("\\d{1,2}(st|nd|rd|th)")) {
                return new int[] {Integer.parseInt(t.substring(0, t.length() - 2)), k + 1};
            }
            Integer tens = TENS.get(t);
            if (tens != null) {
                Integer unit = ORDINAL_UNITS.get(at(k + 1));
                if (unit != null && unit < 10) {
                    return new int[] {tens + unit, k + 2};
                }
                return null;
            }
            Integer unit = ORDINAL_UNITS.get(t);
            return unit == null ? null : new int[] {unit, k + 1};
        }

        // ---- durations ----

        /** {seconds, nextIndex} or null. */
        private double[] durationAt(int k) {
            double total = 0;
            boolean any = false;
            while (true) {
                double[] one = durationPart(k);
                if (one == null) {
                    break;
                }
                total += one[0];
                any = true;
                k = (int) one[1];
                int next = at(k).equals("and") ? k + 1 : k;
                if (durationPart(next) == null) {
                    break;
                }
                k = next;
            }
            return any ? new double[] {total, k} : null;
        }

        private double[] durationPart(int k) {
            String t = at(k);
            // "half an hour", "half a minute", "half hour"
            if (t.equals("half")) {
                int u = at(k + 1).equals("a") || at(k + 1).equals("an") ? k + 2 : k + 1;
                ChronoUnit unit = DURATION_UNITS.get(at(u));
                return unit == null ? null : new double[] {seconds(unit) / 2, u + 1};
            }
            // "a quarter of an hour", "quarter hour"
            int q = t.equals("a") ? k + 1 : k;
            if (at(q).equals("quarter")) {
                int u = q + 1;
                if (at(u).equals("of")) {
                    u++;
                }
                if (at(u).equals("an") || at(u).equals("a")) {
                    u++;
                }
                return at(u).equals("hour") ? new double[] {900, u + 1} : null;
            }
            double amount;
            int u;
            if (t.equals("a") || t.equals("an")) {
                amount = 1;
                u = k + 1;
                if (at(u).equals("couple")) {
                    amount = 2;
                    u += at(u + 1).equals("of") ? 2 : 1;
                }
            } else {
                double[] n = number(k);
                if (n == null) {
                    return null;
                }
                amount = n[0];
                u = (int) n[1];
            }
            if (at(u).equals("and") && at(u + 1).equals("a") && at(u + 2).equals("half")) {
                amount += 0.5;
                u += 3;
            }
            ChronoUnit unit = DURATION_UNITS.get(at(u));
            if (unit == null) {
                return null;
            }
            u++;
            if (at(u).equals("and") && at(u + 1).equals("a") && at(u + 2).equals("half")) {
                amount += 0.5;
                u += 3;
            }
            return new double[] {amount * seconds(unit), u};
        }

        private static double seconds(ChronoUnit unit) {
            return unit.getDuration().getSeconds();
        }

        private static Duration toDuration(double seconds) {
            return Duration.ofMillis(Math.round(seconds * 1000));
        }

        /** "in 10 minutes", "in an hour and a half". */
        private boolean inDuration() {
            if (!at(i).equals("in") && !at(i).equals("within")) {
                return false;
            }
            double[] d = durationAt(i + 1);
            if (d == null) {
                return false;
            }
            offset = toDuration(d[0]);
            i = (int) d[1];
            return true;
        }

        /** "for 5 minutes", "5 minutes", "5 minutes from now", "5 minutes later". */
        private boolean bareDuration() {
            int k = at(i).equals("for") ? i + 1 : i;
            double[] d = durationAt(k);
            if (d == null) {
                return false;
            }
            i = (int) d[1];
            Duration value = toDuration(d[0]);
            if (at(i).equals("from") && at(i + 1).equals("now")) {
                offset = value;
                i += 2;
            } else if (at(i).equals("later") || at(i).equals("after")) {
                offset = value;
                i++;
            } else {
                duration = value;
            }
            return true;
        }

        // ---- recurrence ----

        private boolean recurrence() {
            String t = at(i);
            if (t.equals("daily") || t.equals("everyday")) {
                days.addAll(EnumSet.allOf(DayOfWeek.class));
                i++;
                return true;
            }
            int k = i;
            boolean every = t.equals("every") || t.equals("each");
            if (every) {
                k++;
            } else if (t.equals("on")) {
                k++;
            }
            String w = at(k);
            if (every && (w.equals("day") || w.equals("days"))) {
                days.addAll(EnumSet.allOf(DayOfWeek.class));
                i = k + 1;
                return true;
            }
            if (every && PartOfDay.of(w) != null && !w.equals("tonight")) {
                days.addAll(EnumSet.allOf(DayOfWeek.class));
                part = PartOfDay.of(w);
                i = k + 1;
                return true;
            }
            if (w.equals("weekdays") || (every && w.equals("weekday"))
                || (w.equals("working") || w.equals("work") || w.equals("week"))
                   && (at(k + 1).equals("days") || every && at(k + 1).equals("day"))) {
                days.addAll(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
                i = w.equals("weekdays") || w.equals("weekday") ? k + 1 : k + 2;
                return true;
            }
            if (w.equals("weekends") || (every && w.equals("weekend"))) {
                days.add(DayOfWeek.SATURDAY);
                days.add(DayOfWeek.SUNDAY);
                i = k + 1;
                return true;
            }
            // "every Monday and Wednesday", "Mondays", "Monday to Friday"
            DayOfWeek first = dayName(w);
            boolean plural = w.endsWith("s") && first != null && DAYS.get(w) == null;
            if (first == null) {
                return false;
            }
            String link = at(k + 1);
            DayOfWeek last = dayName(at(k + 2));
            boolean range = (link.equals("to") || link.equals("through") || link.equals("thru")
                             || link.equals("till") || link.equals("until")) && last != null;
            if (range) {
                for (DayOfWeek d = first; ; d = d.plus(1)) {
                    days.add(d);
                    if (d == last) {
                        break;
                    }
                }
                i = k + 3;
                return true;
            }
            if (!every && !plural) {
                return false;
            }
            days.add(first);
            k++;
            while (true) {
                int n = at(k).equals("and") || at(k).equals("or") ? k + 1 : k;
                if (at(n).equals("every")) {
                    n++;
                }
                DayOfWeek more = dayName(at(n));
                if (more == null) {
                    break;
                }
                days.add(more);
                k = n + 1;
            }
            i = k;
            return true;
        }

        /** "monday" or "mondays". */
        private static DayOfWeek dayName(String w) {
            DayOfWeek d = DAYS.get(w);
            if (d == null && w.endsWith("s")) {
                d = DAYS.get(w.substring(0, w.length() - 1));
            }
            return d;
        }

        // ---- dates ----

        private boolean calendarDate() {
            int k = at(i).equals("on") ? i + 1 : i;
            if (at(k).equals("the")) {
                k++;
            }
            // "March 3rd", "March 3", "March third 2027"
            Month month = MONTHS.get(at(k));
            if (month != null) {
                if (at(k + 1).equals("the")) {
                    k++;
                }
                int[] ord = ordinal(k + 1);
                double[] num = ord == null ? number(k + 1) : null;
                if (ord == null && (num == null || num[0] != Math.floor(num[0]) || num[0] > 99)) {
                    return false;
                }
                int day = ord != null ? ord[0] : (int) num[0];
                int next = ord != null ? ord[1] : (int) num[1];
                i = year(next, month, day);
                return true;
            }
            // "3rd of March", "the 3rd", "3 March"
            int[] ord = ordinal(k);
            if (ord != null) {
                int next = ord[1];
                if (at(next).equals("of")) {
                    next++;
                }
                Month m = MONTHS.get(at(next));
                if (m != null) {
                    i = year(next + 1, m, ord[0]);
                } else {
                    dayOfMonth(ord[0]);
                    i = next;
                }
                return true;
            }
            double[] num = number(k);
            if (num != null && MONTHS.containsKey(at((int) num[1])) && num[0] == Math.floor(num[0])) {
                int next = (int) num[1];
                i = year(next + 1, MONTHS.get(at(next)), (int) num[0]);
                return true;
            }
            return false;
        }

        /** Reads an optional year at {@code k}, sets the date, returns the next index. */
        private int year(int k, Month month, int day) {
            if (at(k).matches("\\d{4}")) {
                int y = Integer.parseInt(at(k));
                setDate(y, month, day, true);
                return k + 1;
            }
            // the next such day to come, within the next eight years (February 29th)
            for (int y = today.getYear(); y <= today.getYear() + 8; y++) {
                try {
                    LocalDate d = LocalDate.of(y, month, day);
                    if (!d.isBefore(today)) {
                        setDateValue(d);
                        return k;
                    }
                } catch (DateTimeException ignored) {
                    // not in this year
                }
            }
            impossible = month.getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH)
                         + " has no day " + day;
            return k;
        }

        private void setDate(int y, Month month, int day, boolean explicitYear) {
            try {
                LocalDate d = LocalDate.of(y, month, day);
                if (explicitYear && d.isBefore(today)) {
                    pastDate = true;
                }
                setDateValue(d);
            } catch (DateTimeException e) {
                impossible = e.getMessage();
            }
        }

        private void dayOfMonth(int day) {
            if (day < 1 || day > 31) {
                impossible = "no month has a day " + day;
                return;
            }
            LocalDate first = today.withDayOfMonth(1);
            for (int m = 0; m < 13; m++) {
                LocalDate month = first.plusMonths(m);
                if (day <= month.lengthOfMonth()) {
                    LocalDate d = month.withDayOfMonth(day);
                    if (!d.isBefore(today)) {
                        setDateValue(d);
                        return;
                    }
                }
            }
        }

        private void setDateValue(LocalDate d) {
            date = d;
            dateIsToday = d.equals(today);
        }

        private boolean dayWord() {
            String t = at(i);
            switch (t) {
                case "today" -> {
                    setDateValue(today);
                    i++;
                    return true;
                }
                case "tonight" -> {
                    setDateValue(today);
                    part = PartOfDay.NIGHT;
                    i++;
                    return true;
                }
                case "tomorrow", "tomorrow's", "tmrw" -> {
                    setDateValue(today.plusDays(1));
                    i++;
                    return true;
                }
                case "yesterday" -> {
                    setDateValue(today.minusDays(1));
                    pastDate = true;
                    i++;
                    return true;
                }
                case "now", "immediately" -> {
                    now_ = true;
                    i++;
                    return true;
                }
                default -> { }
            }
            if (t.equals("day") && at(i + 1).equals("after") && at(i + 2).equals("tomorrow")) {
                setDateValue(today.plusDays(2));
                i += 3;
                return true;
            }
            int k = i;
            String mode = "";
            if (t.equals("next") || t.equals("this") || t.equals("coming") || t.equals("on")) {
                mode = t;
                k++;
                if (mode.equals("this") && at(k).equals("coming")) {
                    k++;
                }
            }
            DayOfWeek d = DAYS.get(at(k));
            if (d != null) {
                LocalDate target = mode.equals("this")
                        ? today.with(TemporalAdjusters.nextOrSame(d))
                        : today.with(TemporalAdjusters.next(d));
                setDateValue(target);
                i = k + 1;
                return true;
            }
            if (at(k).equals("weekend") && !mode.equals("on")) {
                setDateValue(today.with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY)));
                i = k + 1;
                return true;
            }
            if (mode.equals("this") && PartOfDay.of(at(k)) != null) {
                setDateValue(today);
                part = PartOfDay.of(at(k));
                i = k + 1;
                return true;
            }
            return false;
        }

        private boolean partOfDay() {
            // "morning", "in the morning", "at night", "in the evening"
            int k = i;
            if (at(k).equals("in") || at(k).equals("at") || at(k).equals("this")) {
                k++;
            }
            if (at(k).equals("the")) {
                k++;
            }
            PartOfDay p = PartOfDay.of(at(k));
            if (p == null) {
                return false;
            }
            part = p;
            i = k + 1;
            return true;
        }

        // ---- clock times ----

        /** "half past six", "quarter to eight", "ten past nine", "25 minutes to 7". */
        private boolean clockWithPastOrTo() {
            int k = at(i).equals("at") ? i + 1 : i;
            int minutes;
            int next;
            if (at(k).equals("half")) {
                minutes = 30;
                next = k + 1;
            } else if (at(k).equals("quarter") || at(k).equals("a") && at(k + 1).equals("quarter")) {
                minutes = 15;
                next = at(k).equals("a") ? k + 2 : k + 1;
            } else {
                double[] n = number(k);
                if (n == null || n[0] != Math.floor(n[0]) || n[0] < 1 || n[0] > 30) {
                    return false;
                }
                minutes = (int) n[0];
                next = (int) n[1];
                if (at(next).equals("minutes") || at(next).equals("minute")) {
                    next++;
                }
            }
            String dir = at(next);
            boolean after = dir.equals("past") || dir.equals("after");
            boolean before = dir.equals("to") || dir.equals("till") || dir.equals("before") || dir.equals("of");
            if (!after && !before) {
                return false;
            }
            int h;
            int end;
            if (at(next + 1).equals("noon") || at(next + 1).equals("midnight")) {
                h = at(next + 1).equals("noon") ? 12 : 0;
                end = next + 2;
                clock24 = true;
            } else {
                double[] hn = number(next + 1);
                if (hn == null || hn[0] != Math.floor(hn[0])) {
                    return false;
                }
                h = (int) hn[0];
                end = (int) hn[1];
                if (h > 12) {
                    impossible = "no clock hour " + h + " with past or to";
                    i = end;
                    return true;
                }
            }
            int total = h * 60 + (after ? minutes : -minutes);
            total = Math.floorMod(total, 24 * 60);
            int hh = total / 60;
            if (!clock24 && hh == 0 && h != 0) {
                hh = 12; // "quarter past twelve" is 12:15, left ambiguous like twelve
            }
            hour = hh;
            minute = total % 60;
            i = meridiem(end);
            return true;
        }

        /** "7:30", "7 pm", "seven thirty", "seven oh five", "noon", "six o'clock", "19:45". */
        private boolean clockTime() {
            int k = at(i).equals("at") || at(i).equals("by") || at(i).equals("around") ? i + 1 : i;
            String t = at(k);
            if (t.equals("noon") || t.equals("midday")) {
                hour = 12;
                minute = 0;
                clock24 = true;
                i = k + 1;
                return true;
            }
            if (t.equals("midnight")) {
                hour = 0;
                minute = 0;
                clock24 = true;
                i = k + 1;
                return true;
            }
            if (t.matches("\\d{1,2}:\\d{2}")) {
                int h = Integer.parseInt(t.substring(0, t.indexOf(':')));
                int m = Integer.parseInt(t.substring(t.indexOf(':') + 1));
                if (h > 24 || m > 59 || h == 24 && m > 0) {
                    impossible = "no clock time " + t;
                    i = k + 1;
                    return true;
                }
                hour = h % 24;
                minute = m;
                clock24 = h > 12 || h == 0 || t.startsWith("0");
                i = meridiem(k + 1);
                return true;
            }
            double[] n = number(k);
            if (n == null || n[0] != Math.floor(n[0])) {
                return false;
            }
            int h = (int) n[0];
            int next = (int) n[1];
            // a number is a clock time after "at", before am/pm/o'clock, or when minutes follow it
            boolean marked = k > i;
            int m = 0;
            if (at(next).equals("oh") || at(next).equals("o")) {
                double[] mm = number(next + 1);
                if (mm != null && mm[0] >= 1 && mm[0] <= 9) {
                    m = (int) mm[0];
                    next = (int) mm[1];
                    marked = true;
                }
            } else {
                double[] mm = number(next);
                if (mm != null && mm[0] >= 10 && mm[0] <= 59 && mm[0] == Math.floor(mm[0])
                    && DURATION_UNITS.get(at((int) mm[1])) == null) {
                    m = (int) mm[0];
                    next = (int) mm[1];
                    marked = true;
                }
            }
            String after = at(next);
            if (after.equals("oclock") || after.equals("am") || after.equals("pm")
                || after.equals("hours") && h >= 100) {
                marked = true;
            }
            if (!marked && h > 24) {
                return false; // a bare number only counts as an hour when it could be one
            }
            if (h > 24 || h == 24 && m > 0) {
                impossible = "no clock hour " + h;
                i = next;
                return true;
            }
            hour = h % 24;
            minute = m;
            clock24 = h > 12 || h == 0;
            if (after.equals("oclock")) {
                next++;
            }
            i = meridiem(next);
            return true;
        }

        /** Reads "am"/"pm" at {@code k}; returns the next index. */
        private int meridiem(int k) {
            String t = at(k);
            if (!t.equals("am") && !t.equals("pm")) {
                return k;
            }
            if (hour == null || hour > 12 || hour == 0 && !clock24) {
                impossible = "no clock time " + hour + " " + t;
            } else if (clock24 && hour == 0 && t.equals("pm")) {
                impossible = "no clock time 00 pm";
            }
            pm = t.equals("pm");
            return k + 1;
        }

        // ---- putting it together ----

        private TimeExpression resolve() {
            if (now_ && hour == null && date == null && offset == null && duration == null && days.isEmpty()) {
                return result(Status.RESOLVED, now, today, now.toLocalTime(), false, null);
            }
            LocalTime time = clockTime24();
            boolean approximate = false;
            if (time == null && part != null) {
                time = LocalTime.of(part.usualHour % 24, 0);
                approximate = true;
            }
            Duration length = duration != null ? duration : offset;

            if (!days.isEmpty()) {
                ZonedDateTime next = null;
                LocalDate nextDay = null;
                for (int d = 0; d <= 7 && nextDay == null; d++) {
                    LocalDate day = today.plusDays(d);
                    if (!days.contains(day.getDayOfWeek())) {
                        continue;
                    }
                    if (time == null) {
                        nextDay = day;
                    } else {
                        ZonedDateTime at = ZonedDateTime.of(day, time, now.getZone());
                        if (at.isAfter(now)) {
                            nextDay = day;
                            next = at;
                        }
                    }
                }
                return result(Status.RESOLVED, next, nextDay, time, approximate, length);
            }

            if (offset != null) {
                ZonedDateTime at = now.plus(offset);
                if (time != null && offset.toDays() >= 1) {
                    at = ZonedDateTime.of(at.toLocalDate(), time, now.getZone());
                    return result(Status.RESOLVED, at, at.toLocalDate(), time, approximate, offset);
                }
                return result(Status.RESOLVED, at, at.toLocalDate(), null, false, offset);
            }

            if (time == null) {
                if (date == null) {
                    // a duration alone: "for 5 minutes"
                    ZonedDateTime at = duration == null ? null : now.plus(duration);
                    return result(Status.RESOLVED, at, null, null, false, duration);
                }
                return result(pastDate || date.isBefore(today) ? Status.PAST : Status.RESOLVED,
                              null, date, null, false, duration);
            }

            LocalDate day = date != null ? date : today;
            ZonedDateTime at = ZonedDateTime.of(day, time, now.getZone());
            if (approximate && !at.isAfter(now) && day.equals(today) && now.getHour() < part.endHour) {
                // "tonight" said at 22:00: the part of the day has begun
                ZonedDateTime soon = now.truncatedTo(ChronoUnit.MINUTES).plusMinutes(15 - now.getMinute() % 15);
                return result(Status.RESOLVED, soon, today, soon.toLocalTime(), true, duration);
            }
            boolean guessPm = hour != null && pm == null && part == null && !clock24 && hour >= 1 && hour <= 12;
            if (guessPm && (date == null || dateIsToday)) {
                // the next of h, h+12 to come
                LocalTime later = time.plusHours(12);
                ZonedDateTime atLater = ZonedDateTime.of(day, later, now.getZone());
                if (hour == 12) {
                    // "12:15": noon-ish first, then a quarter past midnight tomorrow
                    atLater = ZonedDateTime.of(day.plusDays(1), later, now.getZone());
                }
                if (!at.isAfter(now) && atLater.isAfter(now) && (date == null || !atLater.toLocalDate().isAfter(day))) {
                    at = atLater;
                    time = later;
                }
            }
            if (date == null && !at.isAfter(now)) {
                at = ZonedDateTime.of(today.plusDays(1), time, now.getZone());
            }
            Status status = pastDate || !at.isAfter(now) ? Status.PAST : Status.RESOLVED;
            return result(status, at, at.toLocalDate(), time, approximate, duration);
        }

        /** The clock time said, in 24-hour form, with am/pm and the part of the day applied. */
        private LocalTime clockTime24() {
            if (hour == null) {
                return null;
            }
            int h = hour;
            if (pm != null) {
                h = pm ? (h == 12 ? 12 : h + 12) : (h == 12 ? 0 : h);
            } else if (part != null && !clock24) {
                if (part == PartOfDay.MORNING) {
                    h = h == 12 ? 0 : h;
                } else if (part == PartOfDay.NIGHT && h == 12) {
                    h = 0;
                } else if (h < 12 && !(part == PartOfDay.NIGHT && h <= 4)) {
                    // "at 2 at night" stays in the small hours
                    h += 12;
                }
            }
            return LocalTime.of(h % 24, minute);
        }

        private TimeExpression result(Status status, ZonedDateTime at, LocalDate day, LocalTime time,
                                      boolean approximate, Duration length) {
            return new TimeExpression(status, status == Status.PAST ? "that time is over" : null,
                                      at, day, time, approximate, length, days);
        }
    }
}
