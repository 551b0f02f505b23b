package dev.opencic.server.skill.weather;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's forecast for one place, in the place's own time zone: the weather now, hour by hour,
 * and day by day (today first). Temperatures are in degrees Celsius; weather is a WMO code
 * ({@link WeatherCodes}); probabilities are percentages, null where the provider has none.
 */
public record Forecast(ZoneId zone, Now now, List<Hour> hours, List<Day> days) {
    public Forecast {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(now, "now");
        hours = List.copyOf(hours);
        days = List.copyOf(days);
    }

    /**
     * The weather now; humidity (percent), wind speed (m/s) and direction (degrees, 0 = from the
     * north) are null when the provider's answer lacks them.
     */
    public record Now(LocalDateTime time, double temperature, int wmoCode, boolean daytime, Integer humidity,
                      Double windSpeed, Integer windDirection) {
        public Now(LocalDateTime time, double temperature, int wmoCode, boolean daytime) {
            this(time, temperature, wmoCode, daytime, null, null, null);
        }
    }

    public record Hour(LocalDateTime time, double temperature, Integer precipitationProbability, int wmoCode,
                       boolean daytime) {}

    public record Day(LocalDate date, int wmoCode, double high, double low, Integer precipitationProbability) {}

    /** The local date at the place now. */
    public LocalDate today() {
        return now.time().toLocalDate();
    }

    public Optional<Day> day(LocalDate date) {
        return days.stream().filter(d -> d.date().equals(date)).findFirst();
    }
}
