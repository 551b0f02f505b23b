package dev.opencic.server.skill.weather;

import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static dev.opencic.server.skill.weather.WeatherTest.fixture;
import static dev.opencic.server.skill.weather.WeatherTest.json;
import static dev.opencic.server.skill.weather.WeatherTest.location;
import static dev.opencic.server.skill.weather.WeatherTest.only;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Humidity, wind and air quality over HTTP/2 against a local stand-in for Open-Meteo's forecast,
 * geocoding and air-quality APIs (recorded-format answers, see the fixtures' README): the spoken
 * answer and the reference's {@code Humidity}, {@code WindSpeed} and {@code Atmosphere} templates,
 * each valid against its schema. Latitude 10 makes the air-quality API fail.
 */
class WeatherConditionsTest {

    static final Map<String, String> airQueries = new ConcurrentHashMap<>();

    @RegisterExtension
    @Order(1)
    static final ServerExtension openMeteo = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.http(0);
            sb.service("/v1/forecast", (ctx, req) -> json(HttpStatus.OK, fixture("forecast-berlin.json")));
            sb.service("/v1/search", (ctx, req) -> json(HttpStatus.OK, fixture("search-berlin.json")));
            sb.service("/v1/air-quality", (ctx, req) -> {
                String lat = ctx.queryParam("latitude");
                airQueries.put(lat, ctx.query());
                return (int) Double.parseDouble(lat) == 10
                        ? HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR, MediaType.PLAIN_TEXT_UTF_8, "down")
                        : json(HttpStatus.OK, fixture("air-quality-berlin.json"));
            });
        }
    };

    @RegisterExtension
    @Order(2)
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0)
            .weatherForecastUrl(openMeteo.httpUri().resolve("/v1/forecast").toString())
            .weatherGeocodingUrl(openMeteo.httpUri().resolve("/v1/search").toString())
            .weatherAirQualityUrl(openMeteo.httpUri().resolve("/v1/air-quality").toString())
            .weatherTimeout(Duration.ofMillis(1500)));

    @Test
    void howHumidIsItIsSpokenAndShownWithTheHumidityTemplate() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> ds = say(device, "how humid is it", location("52.52", "13.41"));
            assertThat(names(ds)).containsExactly("SpeechSynthesizer.Speak", "Clova.RenderTemplate");
            assertThat(words(ds)).isEqualTo("The humidity is 81 percent right now.");
            JsonNode t = only(ds, "Clova.RenderTemplate").payload();
            assertThat(t.path("type").asText()).isEqualTo("Humidity");
            assertThat(t.path("humidity").path("type").asText()).isEqualTo("percentage");
            assertThat(t.path("humidity").path("value").asText()).isEqualTo("81%");
            assertThat(t.path("location").path("value").asText()).isEqualTo("Current location");
            assertThat(t.path("lastUpdate").path("value").asText()).isEqualTo("20261124 15:00");
        }
    }

    @Test
    void howWindyIsItTodayInANamedPlaceGivesSpeedAndDirection() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> ds = say(device, "how windy is it in berlin today");
            assertThat(words(ds)).isEqualTo("Right now in Berlin the wind is moderate, 5 meters per second "
                    + "from the west.");
            JsonNode t = only(ds, "Clova.RenderTemplate").payload();
            assertThat(t.path("type").asText()).isEqualTo("WindSpeed");
            assertThat(t.path("windSpeed").path("type").asText()).isEqualTo("number");
            assertThat(t.path("windSpeed").path("value").asText()).isEqualTo("5m/s");
            assertThat(t.path("windDirection").path("value").asText()).isEqualTo("W");
            assertThat(t.path("location").path("value").asText()).isEqualTo("Berlin");
        }
    }

    @Test
    void theAirQualityIsAskedOfTheAirQualityApiAndShownWithTheAtmosphereTemplate() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> ds = say(device, "what's the air quality", location("52.52", "13.41"));
            assertThat(words(ds)).isEqualTo("The air quality is fair right now, with a European air quality "
                    + "index of 32.");
            assertThat(airQueries.get("52.5200")).contains("current=european_aqi").contains("hourly=european_aqi");
            JsonNode t = only(ds, "Clova.RenderTemplate").payload();
            assertThat(t.path("type").asText()).isEqualTo("Atmosphere");
            assertThat(t.path("concentrationOfAtmosphere").path("value").asText()).isEqualTo("Fair");
            assertThat(t.path("valueOfAtmosphere").path("value").asText()).isEqualTo("32 EAQI");
            JsonNode halves = t.path("halfDayAtmosphereList");
            assertThat(halves.size()).isEqualTo(4);
            assertThat(halves.get(0).path("durationHalfDay").path("value").asText()).isEqualTo("Tomorrow morning");
            // tomorrow 06:00-11:00 peaks at 25 + 11 * 3 = 58: moderate
            assertThat(halves.get(0).path("concentrationOfAtmosphere").path("value").asText()).isEqualTo("Moderate");
            assertThat(halves.get(3).path("durationHalfDay").path("value").asText())
                    .isEqualTo("Afternoon in two days' time");
        }
    }

    @Test
    void anAirQualityServiceThatFailsIsASpokenApology() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> ds = say(device, "what's the air quality", location("10.5", "10.5"));
            assertThat(words(ds)).isEqualTo(WeatherSkill.APOLOGY);
            assertThat(names(ds)).doesNotContain("Clova.RenderTemplate");
        }
    }
}
