package dev.opencic.server.cluster;

import dev.opencic.server.events.EventReplay;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay window's claims shared by the cluster: {@code cic:msg:<account, device, messageId>}
 * holds the first claimant's state ({@code pending}, then {@code answered} once its row is stored,
 * or {@code no-content}) for the window, so a retry reaching another node does not act again.
 */
public final class RedisReplayClaims implements EventReplay.SharedClaims {

    private static final Logger log = LoggerFactory.getLogger(RedisReplayClaims.class);
    /** The state already there, or nothing after setting ARGV[1] for ARGV[2] ms (this node is first). */
    private static final String CLAIM = "local v = redis.call('get', KEYS[1]) if v then return v end "
            + "redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return false";

    private final RedisCluster redis;

    public RedisReplayClaims(RedisCluster redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    private static String key(String claim) {
        return "cic:msg:" + URLEncoder.encode(claim, StandardCharsets.UTF_8);
    }

    @Override
    public CompletableFuture<String> claim(String claim, Duration window) {
        return redis.timed(redis.commands().<String>eval(CLAIM, ScriptOutputType.VALUE, new String[] {key(claim)},
                        PENDING, Long.toString(window.toMillis())))
                .exceptionally(e -> {
                    log.warn("event=ReplayClaimUnchecked cause={}", e.toString());
                    return null; // Redis away: act, as a single node would
                });
    }

    /** Waits for Redis (it runs on a blocking thread, before the answer is released). */
    @Override
    public void answered(String claim, boolean noContent, Duration window) {
        try {
            redis.timed(redis.commands().set(key(claim), noContent ? NO_CONTENT : ANSWERED,
                    SetArgs.Builder.xx().px(window.toMillis())))
                    .get(RedisCluster.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("event=ReplayAnswerNotShared cause={}", e.toString());
        }
    }

    @Override
    public void abandoned(String claim) {
        redis.timed(redis.commands().del(key(claim))).exceptionally(e -> null);
    }
}
