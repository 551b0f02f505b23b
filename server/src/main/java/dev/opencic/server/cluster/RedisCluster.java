package dev.opencic.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.MessageCodec;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's connection to the cluster's Redis: one connection for commands (Lettuce pipelines
 * what is sent on it from many threads), one for pub/sub. Each node listens on its own channel
 * ({@code cic:node:<id>}: pushes routed to it, answers to its pushes, closes) and on the broadcast
 * channel ({@code cic:all}: token revocations). Messages are small JSON objects whose {@code t}
 * field names their kind; each kind has one handler, run on the blocking executor (never on
 * Lettuce's I/O threads).
 */
public final class RedisCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
    static final String BROADCAST = "cic:all";
    /** How long a command may take before the caller treats Redis as unreachable. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final String nodeId;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final Executor blocking;
    private final Map<String, Consumer<JsonNode>> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private final Timer latency;
    private volatile boolean connectedOnce;

    private RedisCluster(String url, String nodeId, Executor blocking, MeterRegistry meters) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        // Two I/O threads are plenty for a node's Redis traffic; Lettuce's default is one per core.
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(COMMAND_TIMEOUT);
        this.client = RedisClient.create(resources, uri);
        // Commands time out even asynchronously, and fail at once while Redis is away rather than
        // queue: a push or a presence lookup then answers "not delivered" / "not open" without waiting.
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
        this.latency = Timer.builder("cic.cluster.redis.latency")
                .description("Round trips to Redis (presence refreshes, lookups)").register(meters);
        try {
            this.connection = client.connect();
            this.pubSub = client.connectPubSub();
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw new IllegalStateException("redis-url: cannot connect to Redis (" + e.getMessage() + ")", e);
        }
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                dispatch(message);
            }
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> handler, SocketAddress address) {
                // The first connect is the start; later ones follow an outage in which broadcasts were lost.
                if (handler == pubSub && connectedOnce) {
                    log.warn("event=RedisReconnected node={}", nodeId);
                    reconnectListeners.forEach(l -> blocking.execute(l));
                }
            }
        });
        pubSub.sync().subscribe(channelOf(nodeId), BROADCAST);
        connectedOnce = true;
    }

    /**
     * Connects to Redis and subscribes this node's channels.
     *
     * @throws IllegalStateException when Redis cannot be reached (the server does not start half-clustered)
     */
    public static RedisCluster connect(String url, String nodeId, Executor blocking, MeterRegistry meters) {
        return new RedisCluster(url, nodeId, blocking, meters);
    }

    public String nodeId() {
        return nodeId;
    }

    static String channelOf(String node) {
        return "cic:node:" + node;
    }

    /** The commands; results complete on Lettuce's threads, so callers must not block in them. */
    RedisAsyncCommands<String, String> commands() {
        return connection.async();
    }

    /** Times a Redis round trip into {@code cic.cluster.redis.latency}. */
    <T> CompletableFuture<T> timed(java.util.concurrent.CompletionStage<T> command) {
        long start = System.nanoTime();
        return command.toCompletableFuture().whenComplete((v, e) ->
                latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    /** Handles messages of this kind that reach this node (its own channel or the broadcast). */
    void on(String kind, Consumer<JsonNode> handler) {
        if (handlers.putIfAbsent(kind, handler) != null) {
            throw new IllegalStateException("two handlers for cluster message " + kind);
        }
    }

    /** Runs after Redis came back from an outage: what was broadcast meanwhile is lost. */
    void onReconnect(Runnable listener) {
        reconnectListeners.add(listener);
    }

    /** A message of this kind, from this node, for {@link #send} or {@link #broadcast}. */
    ObjectNode message(String kind) {
        ObjectNode m = MessageCodec.mapper().createObjectNode();
        m.put("t", kind);
        m.put("from", nodeId);
        return m;
    }

    /** Publishes to one node; completes with whether a node listened (false: it is gone). */
    CompletableFuture<Boolean> send(String node, ObjectNode message) {
        return timed(commands().publish(channelOf(node), message.toString())).thenApply(receivers -> receivers > 0);
    }

    /** Publishes to every node, this one included (handlers skip their own node's messages when they must). */
    CompletableFuture<Long> broadcast(ObjectNode message) {
        return timed(commands().publish(BROADCAST, message.toString()));
    }

    private void dispatch(String text) {
        JsonNode m;
        try {
            m = MessageCodec.mapper().readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.warn("event=ClusterMessageUnreadable node={} cause={}", nodeId, e.toString());
            return;
        }
        Consumer<JsonNode> handler = handlers.get(m.path("t").asText());
        if (handler == null) {
            log.warn("event=ClusterMessageUnknown node={} kind={}", nodeId, m.path("t").asText());
            return;
        }
        blocking.execute(() -> {
            try {
                handler.accept(m);
            } catch (RuntimeException e) {
                log.warn("event=ClusterMessageFailed node={} kind={} cause={}", nodeId, m.path("t").asText(),
                        e.toString());
            }
        });
    }

    @Override
    public void close() {
        try {
            pubSub.close();
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
