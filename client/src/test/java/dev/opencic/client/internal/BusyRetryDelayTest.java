package dev.opencic.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@link BusyRetry} makes of a refusal: which are retried, after how long, and when not. */
class BusyRetryDelayTest {

    private static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** Jitter always at its bound, so the tests see the largest wait. */
    private final BusyRetry retry = new BusyRetry(3, Duration.ofSeconds(30), CLOCK, bound -> bound);

    @Test
    void readsDelaySecondsAndHttpDates() {
        assertThat(BusyRetry.parse("7", CLOCK)).contains(Duration.ofSeconds(7));
        assertThat(BusyRetry.parse(" 0 ", CLOCK)).contains(Duration.ZERO);
        assertThat(BusyRetry.parse("Sun, 06 Dec 2026 20:00:09 GMT", CLOCK)).contains(Duration.ofSeconds(9));
        assertThat(BusyRetry.parse("Sun, 06 Dec 2026 19:00:00 GMT", CLOCK)).contains(Duration.ZERO);
        assertThat(BusyRetry.parse("soon", CLOCK)).isEmpty();
        assertThat(BusyRetry.parse("-3", CLOCK)).isEmpty();
        assertThat(BusyRetry.parse("99999999999999999999999", CLOCK)).isEmpty();
        assertThat(BusyRetry.parse(null, CLOCK)).isEmpty();
    }

    @Test
    void waitsTheAskedDelayPlusAtMostAFifthOrAtLeastATenthOfASecond() {
        assertThat(retry.delay(503, "10", 1, NOW)).contains(Duration.ofSeconds(12));
        assertThat(retry.delay(429, "0", 1, NOW)).contains(Duration.ofMillis(100));
        assertThat(new BusyRetry(3, Duration.ofSeconds(30), CLOCK, bound -> 0).delay(503, "10", 1, NOW))
                .contains(Duration.ofSeconds(10));
    }

    @Test
    void onlyBusyStatusesWithinTheAttemptsAndTheDeadline() {
        assertThat(retry.delay(500, "1", 1, NOW)).isEmpty();
        assertThat(retry.delay(400, "1", 1, NOW)).isEmpty();
        assertThat(retry.delay(503, null, 1, NOW)).isEmpty();
        assertThat(retry.delay(503, "1", 2, NOW)).isPresent();
        assertThat(retry.delay(503, "1", 3, NOW)).isEmpty();
        assertThat(retry.delay(503, "26", 1, NOW)).isEmpty(); // 26 s + 5.2 s jitter passes 30 s
        assertThat(retry.delay(503, "20", 1, NOW.minusSeconds(10))).isEmpty(); // first sent 10 s ago
        assertThat(retry.delay(503, "20", 1, NOW)).isEqualTo(Optional.of(Duration.ofSeconds(24)));
    }
}
