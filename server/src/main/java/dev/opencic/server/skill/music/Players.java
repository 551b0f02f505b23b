package dev.opencic.server.skill.music;

import dev.opencic.server.auth.DeviceIdentity;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One {@link Player} per device: two speakers of one account play their own queues. Kept in memory;
 * after a restart a device's next event with an old token is refused, and the user starts the music
 * again.
 */
final class Players {

    private final ConcurrentMap<DeviceIdentity, Player> players = new ConcurrentHashMap<>();

    Player of(DeviceIdentity device) {
        return players.computeIfAbsent(device, d -> new Player());
    }

    int size() {
        return players.size();
    }
}
