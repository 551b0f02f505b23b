package dev.opencic.server.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.admin.AdminOperations;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.auth.TokenService;
import dev.opencic.server.extension.ExtensionAdmin;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What {@code ./cic admin --set redis-url=...} announces when it changes the shared database itself
 * (no server runs on its data directory): the same messages a node's admin endpoint sends
 * ({@link ClusterSettings}, {@link ClusterRevocations}, a downchannel close), so every running node
 * applies the change at once. The command line is no node: it publishes, never subscribes, and its
 * messages come {@code from} an id no node has, so every node applies them.
 *
 * <p>An announcement that cannot be sent is reported by {@link #close} as a warning, not a failure:
 * the change is stored; if Redis itself was down the nodes reload all settings when it comes back,
 * and otherwise cached zones lapse within a minute.
 */
public final class AdminAnnouncements implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String from;
    private final List<CompletableFuture<?>> sent = new ArrayList<>();
    private boolean closed;

    private AdminAnnouncements(RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
        this.from = "admin-cli/" + ManagementFactory.getRuntimeMXBean().getPid() + "/" + UUID.randomUUID();
    }

    /**
     * Connects to the cluster's Redis.
     *
     * @throws IllegalStateException when Redis cannot be reached (the caller decides whether to go on)
     */
    public static AdminAnnouncements connect(String redisUrl) {
        RedisURI uri = RedisURI.create(Objects.requireNonNull(redisUrl, "redisUrl"));
        uri.setTimeout(RedisCluster.COMMAND_TIMEOUT);
        RedisClient client = RedisClient.create(uri);
        try {
            return new AdminAnnouncements(client, client.connect());
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw new IllegalStateException("cannot connect to Redis (" + e.getMessage() + ")", e);
        }
    }

    /** Sets a zone through {@code store}, then tells every node to forget its cached zones. */
    public AdminOperations.ZoneSetter announcing(AdminOperations.ZoneSetter store) {
        return (accountId, deviceId, zone) -> {
            store.set(accountId, deviceId, zone);
            broadcast(message("settings").put("what", "zones"));
        };
    }

    /**
     * Extension changes: every node reloads; an account's enable/disable also names the account, so
     * that exactly one node tells the extension ({@code ClovaSkill.SkillEnabled}/{@code SkillDisabled}).
     */
    public ExtensionAdmin.Changes extensionChanges() {
        return new ExtensionAdmin.Changes() {
            @Override
            public void changed(String name) {
                broadcast(message("settings").put("what", "extension").put("name", name));
            }

            @Override
            public void enabled(String name, String accountId, boolean enabled) {
                broadcast(message("settings").put("what", "extension").put("name", name)
                        .put("account", accountId).put("enabled", enabled).put("once", UUID.randomUUID().toString()));
            }
        };
    }

    /**
     * Revocations the command makes through {@code tokens} reach every node: the token is refused
     * everywhere, and the device's downchannel, wherever it is, closes with {@code 401}.
     */
    public void announceRevocations(TokenService tokens) {
        tokens.addRevokedDigestListener(digest -> broadcast(message("revoked").put("digest", digest)));
        tokens.addRevocationListener(this::closeDownchannel);
    }

    /** Whether the device's downchannel is open on some node (its presence); false when Redis does not answer. */
    public boolean isOnline(DeviceIdentity device) {
        try {
            return connection.async().exists(ClusterDownchannels.presenceKey(device))
                    .get(RedisCluster.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) > 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private void closeDownchannel(DeviceIdentity device) {
        CompletableFuture<Long> closed = connection.async().get(ClusterDownchannels.presenceKey(device))
                .toCompletableFuture().thenCompose(open -> {
                    if (open == null) {
                        return CompletableFuture.completedFuture(0L);
                    }
                    ObjectNode close = message("close");
                    RoutedReplies.writeDevice(device, close);
                    close.put("code", 401).put("description", "access token revoked; log in again");
                    return connection.async().publish(RedisCluster.channelOf(ClusterDownchannels.nodeOf(open)),
                            close.toString()).toCompletableFuture();
                });
        synchronized (sent) {
            sent.add(closed);
        }
    }

    private ObjectNode message(String kind) {
        ObjectNode m = MessageCodec.mapper().createObjectNode();
        m.put("t", kind);
        m.put("from", from);
        return m;
    }

    private void broadcast(ObjectNode message) {
        CompletableFuture<Long> published = connection.async().publish(RedisCluster.BROADCAST, message.toString())
                .toCompletableFuture();
        synchronized (sent) {
            sent.add(published);
        }
    }

    /**
     * Waits for what was announced to be sent and disconnects.
     *
     * @return null when every announcement went out, else why not (for a warning)
     */
    public String finish() {
        String failure = null;
        List<CompletableFuture<?>> all;
        synchronized (sent) {
            all = List.copyOf(sent);
        }
        for (CompletableFuture<?> f : all) {
            try {
                f.get(RedisCluster.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                failure = e.getCause() != null ? e.getCause().toString() : e.toString();
            }
        }
        close();
        return failure;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
