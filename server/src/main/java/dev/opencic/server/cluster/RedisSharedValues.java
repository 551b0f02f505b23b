package dev.opencic.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.server.skill.SharedValues;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SharedValues} in Redis: {@code cic:sv:<key>} with a TTL; each put is followed by a
 * {@code changed} broadcast naming the key, on which the other nodes drop their copies. After a
 * Redis outage (broadcasts lost) every listener hears null: drop all.
 */
final class RedisSharedValues implements SharedValues {

    private static final Logger log = LoggerFactory.getLogger(RedisSharedValues.class);
    private static final String PREFIX = "cic:sv:";

    private final RedisCluster redis;
    private final Map<String, Consumer<String>> listeners = new ConcurrentHashMap<>();

    RedisSharedValues(RedisCluster redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
        redis.on("changed", this::onChanged);
        redis.onReconnect(() -> listeners.values().forEach(l -> l.accept(null)));
    }

    @Override
    public CompletableFuture<Optional<String>> get(String key) {
        return redis.timed(redis.commands().get(PREFIX + key)).thenApply(Optional::ofNullable);
    }

    @Override
    public CompletableFuture<Void> put(String key, String value, Duration ttl) {
        return redis.timed(redis.commands().set(PREFIX + key, value, SetArgs.Builder.px(ttl.toMillis())))
                .thenCompose(ok -> redis.broadcast(redis.message("changed").put("key", key)))
                .<Void>thenApply(receivers -> null)
                .whenComplete((v, e) -> {
                    if (e != null) {
                        log.warn("event=SharedValueNotStored key={} cause={}", key, e.toString());
                    }
                });
    }

    @Override
    public void onChanged(String prefix, Consumer<String> listener) {
        if (listeners.putIfAbsent(prefix, listener) != null) {
            throw new IllegalStateException("two listeners for shared values " + prefix);
        }
    }

    private void onChanged(JsonNode m) {
        if (redis.nodeId().equals(m.path("from").asText())) {
            return;
        }
        String key = m.path("key").asText();
        listeners.forEach((prefix, listener) -> {
            if (key.startsWith(prefix)) {
                listener.accept(key);
            }
        });
    }
}
