package dev.opencic.server.cluster;

import dev.opencic.server.auth.SharedFailures;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Failed logins counted in Redis, so every node's {@code LoginThrottle} sees the same count:
 * {@code cic:login:<throttle>:<key>} is a hash (count, blocked-until in epoch ms), forgotten an
 * hour after its last failure. Called on blocking threads; waits for Redis at most its command
 * timeout. Redis unreachable: a failure is not counted and nothing is blocked (logins go on rather
 * than lock everyone out).
 */
public final class RedisLoginFailures implements SharedFailures {

    /** Counts a failure and restarts the key's forgetting, in one step. */
    private static final String ADD = "local c = redis.call('hincrby', KEYS[1], 'count', 1) "
            + "redis.call('pexpire', KEYS[1], ARGV[1]) return c";

    private final RedisCluster redis;
    private final String prefix;

    public RedisLoginFailures(RedisCluster redis, String throttle) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.prefix = "cic:login:" + Objects.requireNonNull(throttle, "throttle") + ":";
    }

    private String key(String key) {
        return prefix + key;
    }

    @Override
    public long add(String key, Duration forgetAfter) {
        Long count = await(redis.timed(redis.commands().<Long>eval(ADD, ScriptOutputType.INTEGER,
                new String[] {key(key)}, Long.toString(forgetAfter.toMillis()))));
        return count == null ? 0 : count;
    }

    @Override
    public void blockUntil(String key, Instant until) {
        await(redis.timed(redis.commands().hset(key(key), "until", Long.toString(until.toEpochMilli()))));
    }

    @Override
    public Optional<Instant> blockedUntil(String key) {
        String until = await(redis.timed(redis.commands().hget(key(key), "until")));
        return until == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(until)));
    }

    @Override
    public void clear(String key) {
        await(redis.timed(redis.commands().del(key(key))));
    }

    private static <T> T await(CompletableFuture<T> command) {
        try {
            return command.get(RedisCluster.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }
}
