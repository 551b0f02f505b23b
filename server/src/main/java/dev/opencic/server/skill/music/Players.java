package dev.opencic.server.skill.music;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.skill.SharedValues;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Player} per device: two speakers of one account play their own queues. A device silent
 * for a day loses its player, so devices that come and go do not add up.
 *
 * <p>On one node the players live in memory. In a cluster ({@link SharedValues}) each player is also
 * written to the shared store after every request that changed it ({@link #flush}, before the
 * answer is released), and a node that has no copy of a device's player (or dropped it because
 * another node wrote it) reads it there: "play X" through one node and "next" through another act
 * on one queue.
 */
final class Players {

    private static final Logger log = LoggerFactory.getLogger(Players.class);
    static final Duration IDLE_LIMIT = Duration.ofHours(24);
    /** Shared values' key prefix: {@code music:player:<account>:<client>:<device>}. */
    static final String KEY = "music:player:";
    /** Shared values' key prefix: {@code music:client:<account>:<device>} holds the device's client id. */
    static final String CLIENT_KEY = "music:client:";
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** Null on a single node. */
    private final SharedValues shared;
    private final Set<DeviceIdentity> dirty = ConcurrentHashMap.newKeySet();
    /** What this node last wrote per device, so an unchanged player is not written again. */
    private final Map<DeviceIdentity, String> written = new ConcurrentHashMap<>();
    private final Cache<DeviceIdentity, Player> players = Caffeine.newBuilder()
            .expireAfterAccess(IDLE_LIMIT)
            .<DeviceIdentity, Player>removalListener((device, player, cause) -> {
                if (device != null && cause.wasEvicted()) {
                    written.remove(device);
                    dirty.remove(device);
                }
            }).build();

    Players() {
        this(null);
    }

    /** @param shared where the cluster's nodes share the players; null on a single node */
    Players(SharedValues shared) {
        this.shared = shared;
        if (shared != null) {
            shared.onChanged(KEY, this::changedElsewhere);
        }
    }

    static String key(DeviceIdentity d) {
        return KEY + enc(d.accountId()) + ":" + enc(d.clientId()) + ":" + enc(d.deviceId());
    }

    /**
     * Where a device id of an account finds its player's key (the client it connects with): a node
     * that never saw the device (another device's button names it by its id alone) reads this first.
     */
    static String clientKey(String accountId, String deviceId) {
        return CLIENT_KEY + enc(accountId) + ":" + enc(deviceId);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * The device's player; in a cluster, read from the shared store when this node has no copy,
     * which blocks for a round trip: call on a blocking thread (a skill's answer), else use {@link #ready}.
     */
    Player of(DeviceIdentity device) {
        Player here = players.getIfPresent(device);
        if (here != null || shared == null) {
            return here != null ? here : players.get(device, d -> watched(d, new Player()));
        }
        return keep(device, readNow(device).orElseGet(Player::new));
    }

    /**
     * For a spoken command (on a blocking thread): in a cluster the shared player is read again
     * whatever this node holds, so a command right after another node's change acts on it even if
     * that node's change notice has not arrived here yet.
     */
    Player fresh(DeviceIdentity device) {
        if (shared == null) {
            return of(device);
        }
        Optional<Player> read = readNow(device);
        if (read.isEmpty()) {
            return of(device);
        }
        Player player = watched(device, read.get());
        players.put(device, player);
        return player;
    }

    private Optional<Player> readNow(DeviceIdentity device) {
        try {
            return read(device).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("event=PlayerNotRead device={} cause={}", device.deviceId(), e.toString());
        }
        return Optional.empty();
    }

    /** The device's player, without blocking: at once when this node has it (or on a single node). */
    CompletableFuture<Player> ready(DeviceIdentity device) {
        Player here = players.getIfPresent(device);
        if (here != null || shared == null) {
            return CompletableFuture.completedFuture(here != null ? here : of(device));
        }
        return read(device).exceptionally(e -> {
            log.warn("event=PlayerNotRead device={} cause={}", device.deviceId(), e.toString());
            return Optional.empty();
        }).thenApply(p -> keep(device, p.orElseGet(Player::new)));
    }

    /** Keeps what was read unless a copy arrived meanwhile (one instance per device on this node). */
    private Player keep(DeviceIdentity device, Player read) {
        return players.asMap().computeIfAbsent(device, d -> watched(d, read));
    }

    private CompletableFuture<Optional<Player>> read(DeviceIdentity device) {
        return shared.get(key(device)).thenApply(value -> value.flatMap(json -> {
            try {
                return Optional.of(Player.restored(MessageCodec.mapper().readValue(json, Player.State.class)));
            } catch (IOException e) {
                // Written by a node of another version, perhaps: the user starts the music again.
                log.warn("event=PlayerUnreadable device={} cause={}", device.deviceId(), e.toString());
                return Optional.empty();
            }
        }));
    }

    private Player watched(DeviceIdentity device, Player player) {
        if (shared != null) {
            player.onChange(() -> dirty.add(device));
        }
        return player;
    }

    /**
     * Writes the device's player to the shared store if this request changed it; completes when
     * written (at once on a single node, or when nothing changed). Never completes exceptionally.
     */
    CompletableFuture<Void> flush(DeviceIdentity device) {
        if (shared == null || !dirty.remove(device)) {
            return DONE;
        }
        Player player = players.getIfPresent(device);
        if (player == null) {
            return DONE;
        }
        if (!written.containsKey(device) && !player.hasQueue() && player.ownPlayer().isEmpty()) {
            return DONE; // a device that never played anything (its idle context on every event): nothing to share
        }
        String json;
        try {
            json = MessageCodec.mapper().writeValueAsString(player.state());
        } catch (IOException e) {
            log.warn("event=PlayerNotShared device={} cause={}", device.deviceId(), e.toString());
            return DONE;
        }
        String before = written.put(device, json);
        if (json.equals(before)) {
            return DONE;
        }
        CompletableFuture<Void> put = shared.put(key(device), json, IDLE_LIMIT);
        if (before == null) {
            // Once per node and device (renewing it with the player's lifetime).
            put = put.thenCompose(v -> shared.put(clientKey(device.accountId(), device.deviceId()),
                    device.clientId(), IDLE_LIMIT));
        }
        return put.exceptionally(e -> null);
    }

    /** {@code value} once the device's player is written; on {@code executor} if that had to wait. */
    <T> CompletableFuture<T> flushed(DeviceIdentity device, T value, Executor executor) {
        CompletableFuture<Void> f = flush(device);
        return f.isDone() ? CompletableFuture.completedFuture(value) : f.thenApplyAsync(v -> value, executor);
    }

    /** Another node wrote a player (null: perhaps any): this node's copy is stale, read it again when needed. */
    private void changedElsewhere(String key) {
        players.asMap().keySet().removeIf(d -> {
            boolean stale = key == null || key(d).equals(key);
            if (stale) {
                written.remove(d);
                dirty.remove(d);
            }
            return stale;
        });
    }

    /**
     * The players of the account's devices this node holds. In a cluster, a device only other nodes
     * have served is missing here (the shared store is read by key, not listed).
     */
    Map<DeviceIdentity, Player> ofAccount(String accountId) {
        Map<DeviceIdentity, Player> out = new java.util.LinkedHashMap<>();
        players.asMap().forEach((device, player) -> {
            if (device.accountId().equals(accountId)) {
                out.put(device, player);
            }
        });
        return out;
    }

    /**
     * The account's device with this id, if it has a player: held here or, in a cluster, in the
     * shared store (blocking then: call on a blocking thread).
     */
    Optional<DeviceIdentity> device(String accountId, String deviceId) {
        Optional<DeviceIdentity> here = players.asMap().keySet().stream()
                .filter(d -> d.accountId().equals(accountId) && d.deviceId().equals(deviceId)).findFirst();
        if (here.isPresent() || shared == null) {
            return here;
        }
        try {
            Optional<String> client = shared.get(clientKey(accountId, deviceId)).get(2, TimeUnit.SECONDS);
            return client.map(c -> new DeviceIdentity(accountId, c, deviceId)).filter(d -> known(d).isPresent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("event=PlayerNotFound device={} cause={}", deviceId, e.toString());
        }
        return Optional.empty();
    }

    /**
     * The device's player without making one: this node's copy or, in a cluster, the shared store's
     * (blocking then: call on a blocking thread).
     */
    Optional<Player> known(DeviceIdentity device) {
        Player here = players.getIfPresent(device);
        if (here != null || shared == null) {
            return Optional.ofNullable(here);
        }
        return readNow(device).map(read -> keep(device, read));
    }

    int size() {
        return (int) players.estimatedSize();
    }
}
