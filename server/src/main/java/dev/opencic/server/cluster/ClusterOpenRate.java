package dev.opencic.server.cluster;

import dev.opencic.server.api.DeviceIdentity;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downchannel-open rate limit across the cluster, with the single node's rule
 * ({@code LocalDownchannelRegistry}): a device opening more than {@code maxOpens} downchannels
 * within {@code window} while one is still open (anywhere: its presence exists) is refused
 * ({@code 429}); an open when none is left starts the count again. The opens are a sorted set
 * {@code cic:opens:<device>} of times, trimmed to the window and checked in one Lua script, so a
 * storm spread over the nodes by a balancer counts once. Redis unreachable: the open is let through
 * (each node's own limiter still applies).
 */
final class ClusterOpenRate {

    private static final Logger log = LoggerFactory.getLogger(ClusterOpenRate.class);
    /** KEYS: presence, opens. ARGV: now ms, window ms, max opens, a unique member. 1 admitted, 0 refused. */
    private static final String ADMIT = "if redis.call('exists', KEYS[1]) == 0 then redis.call('del', KEYS[2]) end "
            + "redis.call('zremrangebyscore', KEYS[2], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2])) "
            + "if redis.call('zcard', KEYS[2]) >= tonumber(ARGV[3]) then return 0 end "
            + "redis.call('zadd', KEYS[2], ARGV[1], ARGV[4]) "
            + "redis.call('pexpire', KEYS[2], ARGV[2]) "
            + "return 1";

    private final RedisCluster redis;
    private final int maxOpens;
    private final Duration window;
    private final AtomicLong opens = new AtomicLong();

    ClusterOpenRate(RedisCluster redis, int maxOpens, Duration window) {
        this.redis = Objects.requireNonNull(redis, "redis");
        if (maxOpens < 1) {
            throw new IllegalArgumentException("maxOpens: " + maxOpens + " (expected: >= 1)");
        }
        this.maxOpens = maxOpens;
        this.window = Objects.requireNonNull(window, "window");
    }

    /** Whether the device may open one more downchannel now; never completes exceptionally. */
    CompletableFuture<Boolean> admit(DeviceIdentity device) {
        String member = redis.nodeId() + "/" + opens.incrementAndGet();
        String[] keys = {ClusterDownchannels.presenceKey(device), ClusterDownchannels.deviceKey("cic:opens:", device)};
        return redis.timed(redis.commands().<Long>eval(ADMIT, ScriptOutputType.INTEGER, keys,
                        Long.toString(System.currentTimeMillis()), Long.toString(window.toMillis()),
                        Integer.toString(maxOpens), member))
                .thenApply(admitted -> {
                    if (admitted == 0L) {
                        log.info("event=DownchannelRateLimited device={} scope=cluster", device.deviceId());
                    }
                    return admitted != 0L;
                })
                .exceptionally(e -> {
                    log.warn("event=OpenRateUnchecked device={} cause={}", device.deviceId(), e.toString());
                    return true;
                });
    }
}
