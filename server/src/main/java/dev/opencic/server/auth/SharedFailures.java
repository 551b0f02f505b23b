package dev.opencic.server.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a {@link LoginThrottle} counts failures when several server nodes must agree (cluster mode:
 * Redis, {@code cluster.RedisLoginFailures}); the backoff rule stays in the throttle. Called on
 * blocking threads (logins run on the hashing or blocking executor).
 */
public interface SharedFailures {

    /** Adds one failure under {@code key}; the count now. The key is forgotten {@code forgetAfter} after its last failure. */
    long add(String key, Duration forgetAfter);

    /** Blocks {@code key} until {@code until}. */
    void blockUntil(String key, Instant until);

    /** Until when {@code key} is blocked, if it was. */
    Optional<Instant> blockedUntil(String key);

    /** Forgets {@code key} (a success). */
    void clear(String key);
}
