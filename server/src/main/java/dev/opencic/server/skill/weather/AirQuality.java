package dev.opencic.server.skill.weather;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * Air quality at a place, in its own time: the European air quality index (EAQI, 0 and up; bands
 * every 20: good, fair, moderate, poor, very poor, above 100 extremely poor) now and hour by hour.
 */
public record AirQuality(LocalDateTime time, int index, List<Hour> hours) {
    public AirQuality {
        Objects.requireNonNull(time, "time");
        hours = List.copyOf(hours);
    }

    public record Hour(LocalDateTime time, int index) {}

    /** The band's name for an index ("Good" for 0-20 ...). */
    public static String band(int index) {
        if (index <= 20) {
            return "Good";
        } else if (index <= 40) {
            return "Fair";
        } else if (index <= 60) {
            return "Moderate";
        } else if (index <= 80) {
            return "Poor";
        } else if (index <= 100) {
            return "Very poor";
        }
        return "Extremely poor";
    }
}
