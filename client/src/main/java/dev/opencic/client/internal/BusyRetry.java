package dev.opencic.client.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * When an event answered {@code 503} or {@code 429} is sent again: after the server's {@code
 * Retry-After} (delay-seconds or an HTTP date, read against the client's clock) plus a random
 * jitter of up to a fifth of it (at least 100 ms), so devices refused together do not come back
 * together; at most {@code maxAttempts} sends in all, and never a send that would start after the
 * event's deadline ({@code deadline} after its first send). No {@code Retry-After}, or one that
 * cannot be read, means no retry: the server did not say when it would be worth it.
 */
public final class BusyRetry {

    /** The least jitter bound, so that a {@code Retry-After: 0} still spreads the retries. */
    static final Duration MIN_JITTER = Duration.ofMillis(100);

    private final int maxAttempts;
    private final Duration deadline;
    private final Clock clock;
    private final LongUnaryOperator random;

    /** {@code maxAttempts} sends at most (1 turns retrying off), all starting within {@code deadline}. */
    public BusyRetry(int maxAttempts, Duration deadline, Clock clock) {
        this(maxAttempts, deadline, clock, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** With {@code random(bound)} giving the jitter in 0..bound milliseconds. */
    BusyRetry(int maxAttempts, Duration deadline, Clock clock, LongUnaryOperator random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
        }
        this.maxAttempts = maxAttempts;
        this.deadline = deadline;
        this.clock = clock;
        this.random = random;
    }

    /** The client's clock, which an HTTP-date {@code Retry-After} is read against. */
    public Clock clock() {
        return clock;
    }

    /** The clock's now, to pass to {@link #delay} as the first send. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * How long to wait before sending again an event answered {@code status} with {@code
     * retryAfter} on its {@code attempt}-th send (1-based) that was first sent at {@code firstSent};
     * empty when it is not to be retried.
     */
    public Optional<Duration> delay(int status, String retryAfter, int attempt, Instant firstSent) {
        if ((status != 503 && status != 429) || attempt >= maxAttempts) {
            return Optional.empty();
        }
        Optional<Duration> asked = parse(retryAfter, clock);
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        long askedMs = asked.get().toMillis();
        long jitterBound = Math.max(MIN_JITTER.toMillis(), askedMs / 5);
        Duration wait = Duration.ofMillis(askedMs + random.applyAsLong(jitterBound));
        Instant due = clock.instant().plus(wait);
        return due.isAfter(firstSent.plus(deadline)) ? Optional.empty() : Optional.of(wait);
    }

    /**
     * A {@code Retry-After} value as a delay from now: delay-seconds ({@code 120}) or an HTTP date
     * ({@code Wed, 21 Oct 2026 07:28:00 GMT}; one in the past is no delay). Empty when absent or
     * unreadable (RFC 9110, section 10.2.3).
     */
    public static Optional<Duration> parse(String retryAfter, Clock clock) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return Optional.empty();
        }
        String value = retryAfter.strip();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // more digits than a long: not a delay anyone means
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration until = Duration.between(clock.instant(), at);
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
