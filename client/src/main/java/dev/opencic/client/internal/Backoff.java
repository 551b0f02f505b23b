package dev.opencic.client.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the n-th consecutive failure waits a random time between
 * 0 and {@code min(max, initial * 2^(n-1))}, so many devices that lost the server together do not
 * come back in lockstep. {@link #floor} adds a minimum (used after a downchannel takeover to stay
 * outside the server's 429 window). Not thread-safe; the transport thread owns it.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private int failures;

    /** Backoff starting at {@code initial}, capped at {@code max}. */
    public Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** The delay before the next attempt; counts one more consecutive failure. */
    public Duration next() {
        return next(Duration.ZERO);
    }

    /** {@code floor} plus the jittered delay, capped at {@code max} (and at least {@code floor}). */
    public Duration next(Duration floor) {
        failures = Math.min(failures + 1, 31);
        long ceiling = Math.min(max.toMillis(), initial.toMillis() << Math.min(failures - 1, 20));
        long jittered = ThreadLocalRandom.current().nextLong(ceiling + 1);
        return Duration.ofMillis(Math.max(floor.toMillis(), Math.min(max.toMillis(), floor.toMillis() + jittered)));
    }

    /** The connection worked: start over. */
    public void reset() {
        failures = 0;
    }

    /** Consecutive failures so far. */
    public int failures() {
        return failures;
    }
}
