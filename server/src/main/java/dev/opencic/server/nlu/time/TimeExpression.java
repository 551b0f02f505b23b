package dev.opencic.server.nlu.time;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link TimeExpressions#parse} understood in a piece of text. Every part is optional; check
 * {@link #status()} first.
 *
 * <ul>
 *   <li>{@link #dateTime()}: the moment meant, in the zone of "now" — the next occurrence for a time
 *       alone or a recurrence, now plus the duration for "in 10 minutes" or "for 5 minutes".</li>
 *   <li>{@link #date()}: the day meant, also when no time of day was said ("tomorrow").</li>
 *   <li>{@link #timeOfDay()}: the clock time said, or the usual hour of a part of the day ("tomorrow
 *       morning" is 9:00; {@link #approximateTime()} is then true).</li>
 *   <li>{@link #duration()}: "for 5 minutes", "an hour and a half", and the offset of "in 10 minutes".</li>
 *   <li>{@link #daysOfWeek()}: the days of a recurrence ("every weekday"); empty when it does not repeat.</li>
 * </ul>
 */
public final class TimeExpression {

    /** Whether the text could be resolved. */
    public enum Status {
        /** Understood, and (unless it repeats) not in the past. */
        RESOLVED,
        /** Understood, but the moment or day is already over ("yesterday", "today at 9 am" after 9). */
        PAST,
        /** A date or clock time that does not exist ("February 30th", "25:10", "13 pm"). */
        IMPOSSIBLE,
        /** No time, date, duration or recurrence found. */
        UNRECOGNISED
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final Status status;
    private final String problem;
    private final ZonedDateTime dateTime;
    private final LocalDate date;
    private final LocalTime timeOfDay;
    private final boolean approximateTime;
    private final Duration duration;
    private final Set<DayOfWeek> daysOfWeek;

    TimeExpression(Status status, String problem, ZonedDateTime dateTime, LocalDate date,
                   LocalTime timeOfDay, boolean approximateTime, Duration duration,
                   Set<DayOfWeek> daysOfWeek) {
        this.status = requireNonNull(status, "status");
        this.problem = problem;
        this.dateTime = dateTime == null ? null : dateTime.truncatedTo(ChronoUnit.SECONDS);
        this.date = date;
        this.timeOfDay = timeOfDay;
        this.approximateTime = approximateTime;
        this.duration = duration;
        this.daysOfWeek = daysOfWeek.isEmpty()
                ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(daysOfWeek));
    }

    static TimeExpression failed(Status status, String problem) {
        return new TimeExpression(status, problem, null, null, null, false, null, Set.of());
    }

    public Status status() {
        return status;
    }

    /** True when {@link #status()} is {@link Status#RESOLVED}. */
    public boolean isResolved() {
        return status == Status.RESOLVED;
    }

    /** Why the text was not resolved, in words fit for a log line; empty when resolved. */
    public String problem() {
        return problem == null ? "" : problem;
    }

    public Optional<ZonedDateTime> dateTime() {
        return Optional.ofNullable(dateTime);
    }

    /** {@link #dateTime()} as ISO 8601 with offset, e.g. {@code 2026-11-25T07:30:00-05:00}. */
    public Optional<String> isoDateTime() {
        return dateTime().map(ISO::format);
    }

    public Optional<LocalDate> date() {
        return Optional.ofNullable(date);
    }

    public Optional<LocalTime> timeOfDay() {
        return Optional.ofNullable(timeOfDay);
    }

    /** True when the time of day comes from a part of the day ("tonight"), not from a clock time. */
    public boolean approximateTime() {
        return approximateTime;
    }

    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    public Set<DayOfWeek> daysOfWeek() {
        return daysOfWeek;
    }

    public boolean isRecurring() {
        return !daysOfWeek.isEmpty();
    }

    @Override
    public String toString() {
        return "TimeExpression{" + status
               + (problem != null ? ", problem=" + problem : "")
               + (dateTime != null ? ", dateTime=" + ISO.format(dateTime) : "")
               + (date != null ? ", date=" + date : "")
               + (timeOfDay != null ? ", time=" + timeOfDay + (approximateTime ? "~" : "") : "")
               + (duration != null ? ", duration=" + duration : "")
               + (!daysOfWeek.isEmpty() ? ", days=" + daysOfWeek : "") + '}';
    }
}
