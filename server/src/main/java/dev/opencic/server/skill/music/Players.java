package dev.opencic.server.skill.music;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opencic.server.api.DeviceIdentity;
import java.time.Duration;

/**
 * One {@link Player} per device: two speakers of one account play their own queues. Kept in memory;
 * after a restart a device's next event with an old token is refused, and the user starts the music
 * again. A device silent for a day loses its player, so devices that come and go do not add up.
 */
final class Players {

    static final Duration IDLE_LIMIT = Duration.ofHours(24);

    private final Cache<DeviceIdentity, Player> players = Caffeine.newBuilder()
            .expireAfterAccess(IDLE_LIMIT).build();

    Player of(DeviceIdentity device) {
        return players.get(device, d -> new Player());
    }

    /** The players of the account's devices (those the server has seen since it started). */
    java.util.Map<DeviceIdentity, Player> ofAccount(String accountId) {
        java.util.Map<DeviceIdentity, Player> out = new java.util.LinkedHashMap<>();
        players.asMap().forEach((device, player) -> {
            if (device.accountId().equals(accountId)) {
                out.put(device, player);
            }
        });
        return out;
    }

    /** The account's device with this id, if the server has its player. */
    java.util.Optional<DeviceIdentity> device(String accountId, String deviceId) {
        return players.asMap().keySet().stream()
                .filter(d -> d.accountId().equals(accountId) && d.deviceId().equals(deviceId)).findFirst();
    }

    /** The device's player if the server has one, without making one. */
    java.util.Optional<Player> existing(DeviceIdentity device) {
        return java.util.Optional.ofNullable(players.getIfPresent(device));
    }

    int size() {
        return (int) players.estimatedSize();
    }
}
