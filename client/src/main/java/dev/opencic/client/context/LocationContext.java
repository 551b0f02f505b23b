package dev.opencic.client.context;

import dev.opencic.protocol.payload.Payload;
import java.time.Instant;
import java.util.Objects;

/** {@code Clova.Location}: latitude, longitude (strings, as the reference has them) and {@code refreshedAt}. */
public final class LocationContext extends SettableContext {

    private String latitude;
    private String longitude;
    private Instant refreshedAt;

    /** No location yet: the context is left out until {@link #set}. */
    public LocationContext() {
        super("Clova", "Location");
    }

    /** The device's location, checked at {@code refreshedAt}. */
    public synchronized void set(double latitude, double longitude, Instant refreshedAt) {
        if (latitude < -90 || latitude > 90) {
            throw new IllegalArgumentException("latitude: " + latitude + " (expected: -90..90)");
        }
        if (longitude < -180 || longitude > 180) {
            throw new IllegalArgumentException("longitude: " + longitude + " (expected: -180..180)");
        }
        this.latitude = Double.toString(latitude);
        this.longitude = Double.toString(longitude);
        this.refreshedAt = Objects.requireNonNull(refreshedAt, "refreshedAt");
    }

    /** Forgets the location. */
    public synchronized void clear() {
        latitude = null;
    }

    @Override
    Payload payload() {
        if (latitude == null) {
            return null;
        }
        return new ContextObjects.Location(latitude, longitude, refreshedAt.toString());
    }
}
