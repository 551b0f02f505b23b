package dev.opencic.server.dialog;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.store.TimeZoneRepository;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Zones from settings: the device's own, else its account's, else the server's default
 * ({@code timezone} in the configuration). Looked up at most once a minute per device.
 *
 * <p>{@code Clova.Location} (latitude and longitude) is not used: turning a position into a zone
 * needs a map of zone boundaries, which the server does not carry.
 */
public final class DeviceZones implements ZoneResolver {

    private final TimeZoneRepository settings;
    private final ZoneId fallback;
    private final LoadingCache<DeviceIdentity, ZoneId> cache;

    public DeviceZones(TimeZoneRepository settings, ZoneId fallback) {
        this.settings = requireNonNull(settings, "settings");
        this.fallback = requireNonNull(fallback, "fallback");
        this.cache = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).maximumSize(100_000)
                .build(d -> this.settings.find(d.accountId(), d.deviceId()).orElse(this.fallback));
    }

    @Override
    public ZoneId zoneOf(DeviceIdentity device) {
        return cache.get(device);
    }

    /** Sets a device's zone ({@code deviceId} {@code ""}: the account's) and forgets cached ones. */
    public void set(String accountId, String deviceId, ZoneId zone) {
        settings.set(accountId, deviceId, zone);
        cache.invalidateAll();
    }

    /** Forgets the cached zones (another cluster node changed one in the shared store). */
    public void forget() {
        cache.invalidateAll();
    }
}
