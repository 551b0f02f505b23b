package dev.opencic.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.MessageFormatException;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import dev.opencic.server.transport.Downchannel;
import dev.opencic.server.transport.DownchannelRegistry;
import dev.opencic.server.transport.LocalDownchannelRegistry;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downchannel registry of a cluster node: this node's downchannels are kept by the
 * {@link LocalDownchannelRegistry} it wraps, and each one is also published in Redis as presence,
 * {@code cic:dc:<account>:<client>:<device>} = {@code <node>/<open number>}, with a TTL this node
 * refreshes while the downchannel is open (a dead node's entries are gone within one TTL).
 *
 * <ul>
 *   <li>One downchannel per device cluster-wide: an open sets the presence with {@code SET ... GET};
 *       the previous value names the open it replaces, and that node is told to close it cleanly.
 *       A refresh that finds another open in the key (the close message was lost) closes its own.</li>
 *   <li>A push for a device held elsewhere is published on the holding node's channel; that node
 *       pushes (confirmed or not) and publishes the outcome back. A confirmed push therefore counts
 *       as delivered only after the holding node saw the device's PING ACK. No answer within the
 *       timeout, or no node listening, is {@code false}: the caller keeps the message.</li>
 *   <li>The open-rate limit ({@code 429}) counts opens cluster-wide ({@link ClusterOpenRate}): a
 *       balancer spreading a reconnect storm over the nodes does not multiply the allowance.</li>
 * </ul>
 */
public final class ClusterDownchannels implements DownchannelRegistry, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterDownchannels.class);
    /** Sets the presence again if it is still this open's (or expired); 0 when another open took it. */
    private static final String REFRESH = "local v = redis.call('get', KEYS[1]) "
            + "if v == false or v == ARGV[1] then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end "
            + "return 0";
    /** Deletes the presence only if it is still this open's. */
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) end return 0";

    private record Held(Downchannel downchannel, String openId) {}

    private final LocalDownchannelRegistry local;
    private final RedisCluster redis;
    private final Executor blocking;
    private final Duration presenceTtl;
    private final Duration pushTimeout;
    private final Map<DeviceIdentity, Held> held = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Boolean>> awaiting = new ConcurrentHashMap<>();
    private final AtomicLong opens = new AtomicLong();
    private final AtomicLong pushIds = new AtomicLong();
    private final ScheduledExecutorService refresher;
    private final Counter routedLocally;
    private final Counter routedAcross;
    private final Counter receivedFromOthers;
    private final ClusterOpenRate openRate;

    /**
     * @param presenceTtl how long a presence outlives its node; refreshed every third of it
     * @param pushTimeout how long a push routed to another node waits for its outcome (a confirmed
     *                    push waits for the device's PING ACK there, up to the ping interval)
     */
    public ClusterDownchannels(LocalDownchannelRegistry local, RedisCluster redis, Executor blocking,
                               Duration presenceTtl, Duration pushTimeout, MeterRegistry meters) {
        this(local, redis, blocking, presenceTtl, pushTimeout, meters, Integer.MAX_VALUE, Duration.ofSeconds(1));
    }

    /**
     * As above, with the open-rate limit counted cluster-wide: at most {@code maxOpens} replacing
     * opens of a device within {@code openWindow} (the single node's {@code downchannel-max-opens} rule).
     */
    public ClusterDownchannels(LocalDownchannelRegistry local, RedisCluster redis, Executor blocking,
                               Duration presenceTtl, Duration pushTimeout, MeterRegistry meters,
                               int maxOpens, Duration openWindow) {
        this.openRate = maxOpens == Integer.MAX_VALUE ? null : new ClusterOpenRate(redis, maxOpens, openWindow);
        this.local = Objects.requireNonNull(local, "local");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        if (presenceTtl.toMillis() < 300) {
            throw new IllegalArgumentException("presenceTtl: " + presenceTtl + " (expected: >= 300 ms)");
        }
        this.presenceTtl = presenceTtl;
        this.pushTimeout = Objects.requireNonNull(pushTimeout, "pushTimeout");
        this.routedLocally = pushes(meters, "local", "Pushes to a device whose downchannel is on this node");
        this.routedAcross = pushes(meters, "remote", "Pushes routed through Redis to the node holding the device");
        this.receivedFromOthers = pushes(meters, "received", "Pushes other nodes routed to a device on this node");
        Gauge.builder("cic.cluster.presence.entries", held, Map::size)
                .description("Presence entries this node keeps fresh in Redis").register(meters);
        redis.on("push", this::onPush);
        redis.on("pushed", this::onPushed);
        redis.on("close", this::onClose);
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cic-presence-" + redis.nodeId());
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, presenceTtl.toMillis() / 3);
        refresher.scheduleWithFixedDelay(this::refreshAll, every, every, TimeUnit.MILLISECONDS);
    }

    private static Counter pushes(MeterRegistry meters, String route, String description) {
        return Counter.builder("cic.cluster.pushes").tag("route", route).description(description).register(meters);
    }

    static String presenceKey(DeviceIdentity d) {
        return deviceKey("cic:dc:", d);
    }

    /** {@code prefix<account>:<client>:<device>}, each part URL-encoded (no ':' inside a part). */
    static String deviceKey(String prefix, DeviceIdentity d) {
        return prefix + enc(d.accountId()) + ":" + enc(d.clientId()) + ":" + enc(d.deviceId());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String nodeOf(String openId) {
        int slash = openId.lastIndexOf('/');
        return slash < 0 ? openId : openId.substring(0, slash);
    }

    /** {@inheritDoc} Counted in Redis, for the whole cluster. */
    @Override
    public CompletableFuture<Boolean> admitOpen(DeviceIdentity device) {
        return openRate == null ? CompletableFuture.completedFuture(true) : openRate.admit(device);
    }

    @Override
    public void register(Downchannel downchannel) {
        local.register(downchannel); // 429 first; closes this node's previous one of the device
        DeviceIdentity device = downchannel.device();
        String openId = redis.nodeId() + "/" + opens.incrementAndGet();
        Held mine = new Held(downchannel, openId);
        held.put(device, mine);
        String key = presenceKey(device);
        redis.timed(redis.commands().setGet(key, openId, SetArgs.Builder.px(presenceTtl))).whenComplete((previous, e) -> {
            if (e != null) {
                log.warn("event=PresenceNotPublished device={} cause={}", device.deviceId(), e.toString());
            } else if (previous != null && !nodeOf(previous).equals(redis.nodeId())) {
                ObjectNode close = redis.message("close");
                RoutedReplies.writeDevice(device, close);
                close.put("open", previous);
                redis.send(nodeOf(previous), close);
            }
        });
        downchannel.whenClosed().handle((v, e) -> {
            if (held.remove(device, mine)) {
                redis.commands().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, openId);
            }
            return null;
        });
    }

    private void refreshAll() {
        try {
            // Redis's own round trip, for cic.cluster.redis.latency even on an idle node.
            redis.timed(redis.commands().ping());
            String ttl = Long.toString(presenceTtl.toMillis());
            for (Held h : new ArrayList<>(held.values())) {
                if (!h.downchannel().isOpen()) {
                    continue;
                }
                DeviceIdentity device = h.downchannel().device();
                redis.commands().<Long>eval(REFRESH, ScriptOutputType.INTEGER,
                        new String[] {presenceKey(device)}, h.openId(), ttl).whenComplete((kept, e) -> {
                            if (e == null && kept == 0L) {
                                log.info("event=PresenceTakenElsewhere device={}", device.deviceId());
                                replacedElsewhere(device, h.openId());
                            }
                        });
            }
        } catch (RuntimeException e) {
            log.warn("event=PresenceRefreshFailed node={} cause={}", redis.nodeId(), e.toString());
        }
    }

    private void replacedElsewhere(DeviceIdentity device, String openId) {
        Held h = held.get(device);
        if (h != null && h.openId().equals(openId) && held.remove(device, h)) {
            local.closeReplaced(h.downchannel());
        }
    }

    private void onClose(JsonNode m) {
        DeviceIdentity device = RoutedReplies.readDevice(m);
        if (m.has("code")) {
            local.close(device, m.path("code").asInt(), m.path("description").asText());
        } else {
            replacedElsewhere(device, m.path("open").asText());
        }
    }

    /**
     * {@inheritDoc} Wherever the downchannel is: on another node, that node is asked to close it.
     */
    @Override
    public void close(DeviceIdentity device, int code, String description) {
        if (local.isOpen(device)) {
            local.close(device, code, description);
            return;
        }
        holder(device).thenAccept(node -> {
            if (node != null && !node.equals(redis.nodeId())) {
                ObjectNode close = redis.message("close");
                RoutedReplies.writeDevice(device, close);
                close.put("code", code).put("description", description);
                redis.send(node, close);
            }
        });
    }

    /** The node whose presence names the device, or null (none, or Redis unreachable). */
    private CompletableFuture<String> holder(DeviceIdentity device) {
        return redis.timed(redis.commands().get(presenceKey(device)))
                .thenApply(v -> v == null ? null : nodeOf(v))
                .exceptionally(e -> {
                    log.warn("event=PresenceLookupFailed device={} cause={}", device.deviceId(), e.toString());
                    return null;
                });
    }

    /**
     * {@inheritDoc} On this node from memory; for a device held elsewhere this asks Redis and waits
     * for the answer (a loopback round trip). For callers on a blocking thread (reminders, admin);
     * the transport asks {@link #checkOpen}, which does not wait.
     */
    @Override
    public boolean isOpen(DeviceIdentity device) {
        try {
            return checkOpen(device).get(RedisCluster.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /** {@inheritDoc} Complete at once for this node's downchannels; else when Redis answers. */
    @Override
    public CompletableFuture<Boolean> checkOpen(DeviceIdentity device) {
        if (local.isOpen(device)) {
            return CompletableFuture.completedFuture(true);
        }
        return holder(device).thenApply(node -> node != null && !node.equals(redis.nodeId()));
    }

    @Override
    public int size() {
        return local.size();
    }

    @Override
    public void addOpenListener(Consumer<DeviceIdentity> listener) {
        local.addOpenListener(listener);
    }

    @Override
    public CompletableFuture<Boolean> push(DeviceIdentity device, Reply reply) {
        return route(device, reply, false);
    }

    @Override
    public CompletableFuture<Boolean> pushConfirmed(DeviceIdentity device, Reply reply) {
        return route(device, reply, true);
    }

    private CompletableFuture<Boolean> route(DeviceIdentity device, Reply reply, boolean confirmed) {
        if (local.isOpen(device)) {
            routedLocally.increment();
            return confirmed ? local.pushConfirmed(device, reply) : local.push(device, reply);
        }
        return holder(device).thenCompose(node -> {
            if (node == null || node.equals(redis.nodeId())) {
                return CompletableFuture.completedFuture(false);
            }
            return routeTo(node, device, reply, confirmed);
        });
    }

    private CompletableFuture<Boolean> routeTo(String node, DeviceIdentity device, Reply reply, boolean confirmed) {
        String id = redis.nodeId() + "/" + pushIds.incrementAndGet();
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        awaiting.put(id, outcome);
        CompletableFuture.runAsync(() -> {
            ObjectNode m = redis.message("push");
            m.put("id", id).put("confirm", confirmed);
            RoutedReplies.writeDevice(device, m);
            RoutedReplies.write(reply, m); // may synthesise speech: on the blocking executor
            routedAcross.increment();
            redis.send(node, m).whenComplete((listened, e) -> {
                if (e != null || !Boolean.TRUE.equals(listened)) {
                    outcome.complete(false); // the node is gone: its presence outlived it
                }
            });
        }, blocking).exceptionally(e -> {
            log.warn("event=PushNotRouted device={} node={} cause={}", device.deviceId(), node, e.toString());
            outcome.complete(false);
            return null;
        });
        return outcome.completeOnTimeout(false, pushTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> awaiting.remove(id));
    }

    /** Another node routed a push here: deliver it on the local downchannel, answer how it went. */
    private void onPush(JsonNode m) {
        DeviceIdentity device = RoutedReplies.readDevice(m);
        Reply reply;
        try {
            reply = RoutedReplies.read(m);
        } catch (MessageFormatException e) {
            log.warn("event=RoutedPushUnreadable device={} cause={}", device.deviceId(), e.getMessage());
            answer(m, false);
            return;
        }
        receivedFromOthers.increment();
        CompletableFuture<Boolean> sent = m.path("confirm").asBoolean()
                ? local.pushConfirmed(device, reply) : local.push(device, reply);
        sent.whenComplete((ok, e) -> answer(m, e == null && Boolean.TRUE.equals(ok)));
    }

    private void answer(JsonNode push, boolean ok) {
        ObjectNode pushed = redis.message("pushed");
        pushed.put("id", push.path("id").asText()).put("ok", ok);
        redis.send(push.path("from").asText(), pushed);
    }

    private void onPushed(JsonNode m) {
        CompletableFuture<Boolean> outcome = awaiting.remove(m.path("id").asText());
        if (outcome != null) {
            outcome.complete(m.path("ok").asBoolean());
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        awaiting.values().forEach(f -> f.complete(false));
    }
}
