package dev.opencic.server.skill.weather;

import java.time.Instant;
import java.util.Objects;

/** An account's home place for weather answers: a name to say and its WGS84 coordinates. */
public record SavedPlace(String accountId, String name, double latitude, double longitude, Instant updatedAt) {
    public SavedPlace {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: 1..200 characters)");
        }
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("latitude: " + latitude + " (expected: -90..90)");
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("longitude: " + longitude + " (expected: -180..180)");
        }
    }
}
