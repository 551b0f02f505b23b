package dev.opencic.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Failed attempts per key (an account, a client's device, a client address) with exponential
 * backoff: the first {@code freeFailures} failures cost nothing, each further one blocks the key
 * for twice as long as the one before (1 s, 2 s, 4 s ... up to {@code maxBlock}). A success clears
 * the key. Blocked attempts are refused before any password is hashed, so guessing also stops
 * costing the server CPU. Time comes from the injected clock; entries vanish an hour after their
 * last failure, and at most 100,000 keys are remembered.
 */
public final class LoginThrottle {

    static final Duration FIRST_BLOCK = Duration.ofSeconds(1);

    private final int freeFailures;
    private final Duration maxBlock;
    private final Clock clock;
    private final Cache<String, Failures> failures;

    private record Failures(int count, Instant blockedUntil) {}

    public LoginThrottle(int freeFailures, Duration maxBlock, Clock clock) {
        if (freeFailures < 1) {
            throw new IllegalArgumentException("freeFailures: " + freeFailures + " (expected: >= 1)");
        }
        this.freeFailures = freeFailures;
        this.maxBlock = AccountService.requirePositive(maxBlock, "maxBlock");
        this.clock = Objects.requireNonNull(clock, "clock");
        // Forgetting runs on the injected clock too, like the blocks themselves.
        this.failures = Caffeine.newBuilder().ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(Duration.ofHours(1)).maximumSize(100_000).build();
    }

    /** How long {@code key} must still wait, if it is blocked now. */
    public Optional<Duration> blockedFor(String key) {
        Failures f = failures.getIfPresent(key);
        if (f == null || f.blockedUntil() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), f.blockedUntil());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    public void failed(String key) {
        failures.asMap().compute(key, (k, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            if (count < freeFailures) {
                return new Failures(count, null);
            }
            int doublings = Math.min(count - freeFailures, 30);
            Duration block = FIRST_BLOCK.multipliedBy(1L << doublings);
            if (block.compareTo(maxBlock) > 0) {
                block = maxBlock;
            }
            return new Failures(count, clock.instant().plus(block));
        });
    }

    public void succeeded(String key) {
        failures.invalidate(key);
    }
}
