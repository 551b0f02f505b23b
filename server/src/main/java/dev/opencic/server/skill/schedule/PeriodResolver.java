package dev.opencic.server.skill.schedule;

import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.nlu.time.TimeExpression;
import dev.opencic.server.nlu.time.TimeExpressions;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * Turns what the user said about when ("tomorrow", "friday at 3 pm", "next week", "this month")
 * into the reference's {@code scheduledTime} and {@code period}: the start of what was said and the
 * smallest unit said. Nothing said is {@code none} from now, as the reference has it. Weeks start
 * on Monday.
 */
final class PeriodResolver {

    /** A resolved start and period, or why not. */
    record Resolved(ZonedDateTime start, Period period, TimeExpression.Status status) {
        boolean ok() {
            return status == TimeExpression.Status.RESOLVED;
        }
    }

    private PeriodResolver() {}

    static Resolved resolve(String said, ZonedDateTime now) {
        if (said == null || said.isBlank()) {
            return new Resolved(now.withNano(0), Period.NONE, TimeExpression.Status.RESOLVED);
        }
        Optional<Resolved> span = calendarSpan(TextNormalizer.normalize(said), now);
        if (span.isPresent()) {
            return span.get();
        }
        return fromExpression(TimeExpressions.parse(said, now), now);
    }

    static Resolved fromExpression(TimeExpression t, ZonedDateTime now) {
        if (!t.isResolved()) {
            return new Resolved(null, Period.NONE, t.status());
        }
        if (t.timeOfDay().isPresent() && t.dateTime().isPresent()) {
            ZonedDateTime at = t.dateTime().get();
            return new Resolved(at, at.getMinute() == 0 ? Period.HOUR : Period.MINUTE, t.status());
        }
        if (t.date().isPresent()) {
            return new Resolved(t.date().get().atStartOfDay(now.getZone()), Period.DAY, t.status());
        }
        if (t.dateTime().isPresent()) { // "in 2 hours"
            ZonedDateTime at = t.dateTime().get();
            return new Resolved(at, at.getMinute() == 0 ? Period.HOUR : Period.MINUTE, t.status());
        }
        return new Resolved(null, Period.NONE, TimeExpression.Status.UNRECOGNISED);
    }

    /** "this week", "next month", "this year"... which the time-expression parser leaves to us. */
    private static Optional<Resolved> calendarSpan(String s, ZonedDateTime now) {
        LocalDate today = now.toLocalDate();
        String rest = s.replaceFirst("^(for|in|on|during) ", "").replaceFirst("^the ", "");
        LocalDate start;
        Period period;
        switch (rest) {
            case "this week", "week" -> { start = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)); period = Period.WEEK; }
            case "next week" -> { start = today.with(TemporalAdjusters.next(DayOfWeek.MONDAY)); period = Period.WEEK; }
            case "this month", "month" -> { start = today.withDayOfMonth(1); period = Period.MONTH; }
            case "next month" -> { start = today.withDayOfMonth(1).plusMonths(1); period = Period.MONTH; }
            case "this year", "year" -> { start = today.withDayOfYear(1); period = Period.YEAR; }
            case "next year" -> { start = today.withDayOfYear(1).plusYears(1); period = Period.YEAR; }
            default -> { return Optional.empty(); }
        }
        return Optional.of(new Resolved(start.atStartOfDay(now.getZone()), period, TimeExpression.Status.RESOLVED));
    }
}
