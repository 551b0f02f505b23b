package dev.opencic.server.skill.weather;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A source of forecasts and place names. Futures complete exceptionally with
 * {@link WeatherUnavailableException} when the provider fails or answers nonsense; the skill turns
 * that, and slowness, into a spoken apology.
 */
public interface WeatherProvider {

    /** Today and the following days (at least a week), for the place. */
    CompletableFuture<Forecast> forecast(Place place);

    /** Air quality now and for the next days; a provider without it fails with {@link WeatherUnavailableException}. */
    default CompletableFuture<AirQuality> airQuality(Place place) {
        return CompletableFuture.failedFuture(new WeatherUnavailableException("no air quality from this provider"));
    }

    /** The best match for a place name said by the user, or empty when there is none. */
    CompletableFuture<Optional<Place>> findPlace(String name);
}
