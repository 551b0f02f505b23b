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
 * last failure, and at most 100,000 keys are remembered. In cluster mode the counts are kept in
 * {@link SharedFailures} (Redis), so a guesser gains nothing by spreading attempts over the nodes.
 */
public final class LoginThrottle {

    static final Duration FIRST_BLOCK = Duration.ofSeconds(1);
    static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final int freeFailures;
    private final Duration maxBlock;
    private final Clock clock;
    private final Cache<String, Failures> failures;
    /** Null on a single node: {@link #failures} counts. */
    private final SharedFailures shared;

    private record Failures(int count, Instant blockedUntil) {}

    public LoginThrottle(int freeFailures, Duration maxBlock, Clock clock) {
        this(freeFailures, maxBlock, clock, null);
    }

    /** @param shared where the failures are counted (cluster mode); null: in this process */
    public LoginThrottle(int freeFailures, Duration maxBlock, Clock clock, SharedFailures shared) {
        this.shared = shared;
        if (freeFailures < 1) {
            throw new IllegalArgumentException("freeFailures: " + freeFailures + " (expected: >= 1)");
        }
        this.freeFailures = freeFailures;
        this.maxBlock = AccountService.requirePositive(maxBlock, "maxBlock");
        this.clock = Objects.requireNonNull(clock, "clock");
        // Forgetting runs on the injected clock too, like the blocks themselves.
        this.failures = Caffeine.newBuilder().ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(FORGET_AFTER).maximumSize(100_000).build();
    }

    /** How long {@code key} must still wait, if it is blocked now. */
    public Optional<Duration> blockedFor(String key) {
        Failures f = shared != null ? new Failures(0, shared.blockedUntil(key).orElse(null)) : failures.getIfPresent(key);
        if (f == null || f.blockedUntil() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), f.blockedUntil());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    public void failed(String key) {
        if (shared != null) {
            long count = shared.add(key, FORGET_AFTER);
            if (count >= freeFailures) {
                shared.blockUntil(key, clock.instant().plus(block(count)));
            }
            return;
        }
        failures.asMap().compute(key, (k, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            return count < freeFailures ? new Failures(count, null) : new Failures(count, clock.instant().plus(block(count)));
        });
    }

    /** 1 s at the first failure past the free ones, doubling with each, up to maxBlock. */
    private Duration block(long count) {
        long doublings = Math.min(count - freeFailures, 30);
        Duration block = FIRST_BLOCK.multipliedBy(1L << doublings);
        return block.compareTo(maxBlock) > 0 ? maxBlock : block;
    }

    public void succeeded(String key) {
        if (shared != null) {
            shared.clear(key);
        } else {
            failures.invalidate(key);
        }
    }
}
