package dev.opencic.server.skill.weather;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.QueryParams;
import dev.opencic.protocol.MessageCodec;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Forecasts from the Open-Meteo forecast API and place names from its geocoding API: free, no key.
 * One request each, with {@code timezone=auto} so days and hours are the place's own. Any status but
 * 200, a body that is not the documented JSON, or no answer within the timeout completes the future
 * with {@link WeatherUnavailableException}. Answers are kept a while (forecasts 10 minutes per
 * ~1 km, place names a day), as Open-Meteo's fair-use terms ask; failures are not kept.
 */
public final class OpenMeteoProvider implements WeatherProvider {

    static final String CURRENT = "temperature_2m,weather_code,is_day,relative_humidity_2m,wind_speed_10m,wind_direction_10m";
    /** The air-quality API's index (European AQI: 0-20 good ... above 100 extremely poor), now and hourly. */
    static final String AIR = "european_aqi";
    static final String HOURLY = "temperature_2m,precipitation_probability,weather_code,is_day";
    static final String DAILY = "weather_code,temperature_2m_max,temperature_2m_min,precipitation_probability_max";
    static final int FORECAST_DAYS = 7;
    private static final long MAX_RESPONSE_BYTES = 2L * 1024 * 1024;

    private final WebClient client;
    private final String forecastUrl;
    private final String geocodingUrl;
    private final String airQualityUrl;
    private final String language;
    private final AsyncCache<String, Forecast> forecasts = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10)).maximumSize(10_000).buildAsync();
    private final AsyncCache<String, AirQuality> air = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10)).maximumSize(10_000).buildAsync();
    private final AsyncCache<String, Optional<Place>> places = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofDays(1)).maximumSize(10_000).buildAsync();

    public OpenMeteoProvider(String forecastUrl, String geocodingUrl, String language, Duration timeout) {
        this(forecastUrl, geocodingUrl, "https://air-quality-api.open-meteo.com/v1/air-quality", language, timeout);
    }

    public OpenMeteoProvider(String forecastUrl, String geocodingUrl, String airQualityUrl, String language,
                             Duration timeout) {
        this.airQualityUrl = Objects.requireNonNull(airQualityUrl, "airQualityUrl");
        this.forecastUrl = Objects.requireNonNull(forecastUrl, "forecastUrl");
        this.geocodingUrl = Objects.requireNonNull(geocodingUrl, "geocodingUrl");
        this.language = Objects.requireNonNull(language, "language");
        this.client = WebClient.builder().responseTimeout(timeout).maxResponseLength(MAX_RESPONSE_BYTES).build();
    }

    @Override
    public CompletableFuture<Forecast> forecast(Place place) {
        String key = String.format(Locale.ROOT, "%.2f,%.2f", place.latitude(), place.longitude());
        return forecasts.get(key, (k, executor) -> fetchForecast(place));
    }

    private CompletableFuture<Forecast> fetchForecast(Place place) {
        QueryParams q = QueryParams.builder()
                .add("latitude", coordinate(place.latitude()))
                .add("longitude", coordinate(place.longitude()))
                .add("current", CURRENT)
                .add("hourly", HOURLY)
                .add("daily", DAILY)
                .add("timezone", "auto")
                .add("forecast_days", String.valueOf(FORECAST_DAYS))
                .add("wind_speed_unit", "ms")
                .build();
        return get(forecastUrl, q).thenApply(OpenMeteoProvider::parseForecast);
    }

    @Override
    public CompletableFuture<AirQuality> airQuality(Place place) {
        String key = String.format(Locale.ROOT, "%.2f,%.2f", place.latitude(), place.longitude());
        return air.get(key, (k, executor) -> get(airQualityUrl, QueryParams.builder()
                .add("latitude", coordinate(place.latitude()))
                .add("longitude", coordinate(place.longitude()))
                .add("current", AIR)
                .add("hourly", AIR)
                .add("timezone", "auto")
                .add("forecast_days", "3")
                .build()).thenApply(OpenMeteoProvider::parseAirQuality));
    }

    static AirQuality parseAirQuality(JsonNode root) {
        try {
            JsonNode current = object(root, "current");
            LocalDateTime time = LocalDateTime.parse(text(current, "time"));
            int index = (int) Math.round(number(current, AIR));
            JsonNode hourly = object(root, "hourly");
            JsonNode times = array(hourly, "time");
            JsonNode values = array(hourly, AIR, times.size());
            List<AirQuality.Hour> hours = new ArrayList<>();
            for (int i = 0; i < times.size(); i++) {
                if (values.get(i).isNumber()) {
                    hours.add(new AirQuality.Hour(LocalDateTime.parse(times.get(i).asText()),
                            (int) Math.round(values.get(i).asDouble())));
                }
            }
            return new AirQuality(time, index, hours);
        } catch (DateTimeException e) {
            throw new WeatherUnavailableException("air quality with a bad time: " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Optional<Place>> findPlace(String name) {
        return places.get(name.strip().toLowerCase(Locale.ROOT), (k, executor) -> fetchPlace(name));
    }

    private CompletableFuture<Optional<Place>> fetchPlace(String name) {
        QueryParams q = QueryParams.of("name", name, "count", "1", "language", language, "format", "json");
        return get(geocodingUrl, q).thenApply(OpenMeteoProvider::parsePlace);
    }

    private CompletableFuture<JsonNode> get(String url, QueryParams query) {
        String uri = url + (url.indexOf('?') < 0 ? '?' : '&') + query.toQueryString();
        return client.get(uri).aggregate().handle((res, e) -> {
            if (e != null) {
                throw new WeatherUnavailableException("no answer from " + url + ": " + e, e);
            }
            return json(url, res);
        });
    }

    private static JsonNode json(String url, AggregatedHttpResponse res) {
        if (res.status().code() != 200) {
            // Open-Meteo explains a 400 as {"error": true, "reason": "..."}
            String reason = res.contentUtf8();
            throw new WeatherUnavailableException(url + " answered " + res.status().code() + ": "
                    + reason.substring(0, Math.min(200, reason.length())));
        }
        try {
            JsonNode node = MessageCodec.mapper().readTree(res.content().array());
            if (node == null || !node.isObject()) {
                throw new WeatherUnavailableException(url + " answered something other than a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new WeatherUnavailableException(url + " answered malformed JSON", e);
        }
    }

    static Forecast parseForecast(JsonNode root) {
        try {
            ZoneId zone = ZoneId.of(text(root, "timezone"));
            JsonNode current = object(root, "current");
            Forecast.Now now = new Forecast.Now(LocalDateTime.parse(text(current, "time")),
                    number(current, "temperature_2m"), (int) number(current, "weather_code"),
                    number(current, "is_day") != 0, optional(current, "relative_humidity_2m")
                    .map(v -> (int) Math.round(v)).orElse(null), optional(current, "wind_speed_10m").orElse(null),
                    optional(current, "wind_direction_10m").map(v -> (int) Math.round(v)).orElse(null));

            JsonNode hourly = object(root, "hourly");
            JsonNode times = array(hourly, "time");
            JsonNode temps = array(hourly, "temperature_2m", times.size());
            JsonNode probs = array(hourly, "precipitation_probability", times.size());
            JsonNode codes = array(hourly, "weather_code", times.size());
            JsonNode isDay = array(hourly, "is_day", times.size());
            List<Forecast.Hour> hours = new ArrayList<>();
            for (int i = 0; i < times.size(); i++) {
                if (temps.get(i).isNumber() && codes.get(i).isNumber()) {
                    hours.add(new Forecast.Hour(LocalDateTime.parse(times.get(i).asText()), temps.get(i).asDouble(),
                            probs.get(i).isNumber() ? probs.get(i).asInt() : null, codes.get(i).asInt(),
                            isDay.get(i).asInt(1) != 0));
                }
            }

            JsonNode daily = object(root, "daily");
            JsonNode dates = array(daily, "time");
            JsonNode dCodes = array(daily, "weather_code", dates.size());
            JsonNode highs = array(daily, "temperature_2m_max", dates.size());
            JsonNode lows = array(daily, "temperature_2m_min", dates.size());
            JsonNode dProbs = array(daily, "precipitation_probability_max", dates.size());
            List<Forecast.Day> days = new ArrayList<>();
            for (int i = 0; i < dates.size(); i++) {
                // The last days of a forecast may lack values; a day without them is left out.
                if (dCodes.get(i).isNumber() && highs.get(i).isNumber() && lows.get(i).isNumber()) {
                    days.add(new Forecast.Day(LocalDate.parse(dates.get(i).asText()), dCodes.get(i).asInt(),
                            highs.get(i).asDouble(), lows.get(i).asDouble(),
                            dProbs.get(i).isNumber() ? dProbs.get(i).asInt() : null));
                }
            }
            if (days.isEmpty() || !days.get(0).date().equals(now.time().toLocalDate())) {
                throw new WeatherUnavailableException("forecast does not start today");
            }
            return new Forecast(zone, now, hours, days);
        } catch (DateTimeException e) {
            throw new WeatherUnavailableException("forecast with a bad time or zone: " + e.getMessage(), e);
        }
    }

    static Optional<Place> parsePlace(JsonNode root) {
        // Open-Meteo leaves "results" out altogether when nothing matches.
        JsonNode results = root.path("results");
        if (results.isMissingNode() || (results.isArray() && results.isEmpty())) {
            return Optional.empty();
        }
        if (!results.isArray() || !results.get(0).isObject()) {
            throw new WeatherUnavailableException("geocoding answer without a results array");
        }
        JsonNode first = results.get(0);
        double lat = number(first, "latitude");
        double lon = number(first, "longitude");
        String name = text(first, "name");
        try {
            return Optional.of(new Place(name, lat, lon));
        } catch (IllegalArgumentException e) {
            throw new WeatherUnavailableException("geocoding answer with a bad coordinate", e);
        }
    }

    private static String coordinate(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        if (!n.isObject()) {
            throw new WeatherUnavailableException("missing object '" + field + "'");
        }
        return n;
    }

    private static JsonNode array(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        if (!n.isArray() || n.isEmpty()) {
            throw new WeatherUnavailableException("missing array '" + field + "'");
        }
        return n;
    }

    private static JsonNode array(JsonNode parent, String field, int size) {
        JsonNode n = array(parent, field);
        if (n.size() != size) {
            throw new WeatherUnavailableException("array '" + field + "' has " + n.size() + " values, expected " + size);
        }
        return n;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new WeatherUnavailableException("missing text '" + field + "'");
        }
        return n.asText();
    }

    private static Optional<Double> optional(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        return n.isNumber() ? Optional.of(n.asDouble()) : Optional.empty();
    }

    private static double number(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        if (!n.isNumber()) {
            throw new WeatherUnavailableException("missing number '" + field + "'");
        }
        return n.asDouble();
    }
}
