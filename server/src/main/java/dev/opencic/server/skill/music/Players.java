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

    int size() {
        return (int) players.estimatedSize();
    }
}
