package dev.opencic.server.skill.weather;

/**
 * Where to forecast: WGS84 coordinates, and a name to say and show ({@code null} when the place is
 * simply where the device is, as its {@code Clova.Location} reported).
 */
public record Place(String name, double latitude, double longitude) {
    public Place {
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("not a coordinate: " + latitude + ", " + longitude);
        }
    }

    /** The device's own position, unnamed. */
    public static Place here(double latitude, double longitude) {
        return new Place(null, latitude, longitude);
    }
}
