package dev.opencic.server.skill.weather;

import static dev.opencic.server.skill.SkillTestSupport.context;
import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.sayIn;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Directive;
import dev.opencic.server.store.Database;
import dev.opencic.server.store.JdbcAccountRepository;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Weather over HTTP/2 against a local stand-in for Open-Meteo that replays recorded-format answers
 * (see {@code src/test/resources/weather/open-meteo/README.md}), and fails, stalls or garbles on
 * request: latitude 52 is Berlin, 10 answers 500, 11 never answers in time, 12 sends broken JSON,
 * 13 sends Open-Meteo's 400 error object.
 */
class WeatherTest {

    static final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    @RegisterExtension
    @Order(1)
    static final ServerExtension openMeteo = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.http(0);
            sb.requestTimeout(Duration.ofSeconds(30));
            sb.service("/v1/forecast", (ctx, req) -> {
                String lat = ctx.queryParam("latitude");
                count("forecast " + lat);
                return switch ((int) Double.parseDouble(lat)) {
                    case 52 -> json(HttpStatus.OK, fixture("forecast-berlin.json"));
                    case 10 -> HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR, MediaType.PLAIN_TEXT_UTF_8, "upstream down");
                    case 11 -> HttpResponse.delayed(json(HttpStatus.OK, fixture("forecast-berlin.json")),
                            Duration.ofSeconds(10));
                    case 12 -> json(HttpStatus.OK, "{\"latitude\":12.0,\"timezone\":\"GMT\",\"current\":{\"time\":");
                    case 13 -> json(HttpStatus.BAD_REQUEST, fixture("forecast-error-400.json"));
                    default -> HttpResponse.of(HttpStatus.NOT_FOUND);
                };
            });
            sb.service("/v1/search", (ctx, req) -> {
                String name = ctx.queryParam("name");
                count("search " + name);
                return switch (name.toLowerCase()) {
                    case "berlin" -> json(HttpStatus.OK, fixture("search-berlin.json"));
                    case "slowville" -> HttpResponse.delayed(json(HttpStatus.OK, fixture("search-berlin.json")),
                            Duration.ofSeconds(10));
                    case "brokenville" -> HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE);
                    default -> json(HttpStatus.OK, fixture("search-nothing.json"));
                };
            });
        }
    };

    @RegisterExtension
    @Order(2)
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0)
            .weatherForecastUrl(openMeteo.httpUri().resolve("/v1/forecast").toString())
            .weatherGeocodingUrl(openMeteo.httpUri().resolve("/v1/search").toString())
            .weatherTimeout(Duration.ofMillis(1500)));

    static void count(String what) {
        requests.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    static HttpResponse json(HttpStatus status, String body) {
        return HttpResponse.of(status, MediaType.JSON_UTF_8, body);
    }

    static String fixture(String name) {
        try (InputStream in = WeatherTest.class.getResourceAsStream("/weather/open-meteo/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ContextObject location(String latitude, String longitude) {
        return context("Clova", "Location", TestDevice.payload().put("latitude", latitude)
                .put("longitude", longitude).put("refreshedAt", "2026-11-24T14:00:00Z"));
    }

    static Directive only(List<Directive> ds, String qualifiedName) {
        List<Directive> found = ds.stream().filter(d -> d.header().qualifiedName().equals(qualifiedName)).toList();
        assertThat(found).as(qualifiedName).hasSize(1);
        if (qualifiedName.equals("Clova.RenderTemplate")) {
            // Every weather template the server sends matches its schema (protocol resources/templates).
            dev.opencic.server.testing.TemplateSchemas.assertValid(found.get(0).payload());
        }
        return found.get(0);
    }

    @Test
    void todayAtTheDevicesLocationIsSpokenAndShownWithTheTodayWeatherTemplate() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> ds = say(device, "what's the weather like today", location("52.52", "13.41"));
            assertThat(names(ds)).containsExactly("SpeechSynthesizer.Speak", "Clova.RenderTemplate");
            assertThat(words(ds)).isEqualTo("Right now it's 6 degrees and overcast. "
                    + "Today's high is 7 and the low is 1 degree, with a 35 percent chance of rain.");
            JsonNode t = only(ds, "Clova.RenderTemplate").payload();
            assertThat(t.path("type").asText()).isEqualTo("TodayWeather");
            assertThat(t.path("location").path("value").asText()).isEqualTo("Current location");
            assertThat(t.path("nowTemperature").path("type").asText()).isEqualTo("temperature-c");
            assertThat(t.path("nowTemperature").path("value").asText()).isEqualTo("6");
            assertThat(t.path("nowWeather").path("value").asText()).isEqualTo("overcast");
            JsonNode hours = t.path("hourlyWeatherList");
            assertThat(hours.size()).isEqualTo(8);
            assertThat(hours.get(0).path("hourlyTime").path("value").asText()).isEqualTo("20261124 15:00");
            assertThat(hours.get(1).path("hourlyTime").path("value").asText()).isEqualTo("20261124 18:00");
            // WMO 3 (overcast) by day is the reference's 5; after dark, 6
            assertThat(hours.get(0).path("temperatureImageCode").path("value").asText()).isEqualTo("5");
            assertThat(hours.get(1).path("temperatureImageCode").path("value").asText()).isEqualTo("6");
            assertThat(hours.get(0).path("rainfallProbability").path("value").asText()).endsWith("%");
            assertThat(t.path("contentProviderText").path("value").asText()).contains("Open-Meteo");
        }
    }

    @Test
    void aNamedPlaceIsLookedUpAndWinsOverTheDevicesLocation() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> ds = say(device, "will it rain tomorrow in Berlin", location("10.5", "10.5"));
            assertThat(words(ds)).isEqualTo("Tomorrow in Berlin: light rain, with a high of 9 and a low of "
                    + "3 degrees, with an 80 percent chance of rain.");
            JsonNode t = only(ds, "Clova.RenderTemplate").payload();
            assertThat(t.path("type").asText()).isEqualTo("TomorrowWeather");
            assertThat(t.path("location").path("value").asText()).isEqualTo("Berlin");
            assertThat(t.path("highTemperature").path("value").asText()).isEqualTo("9");
            assertThat(t.path("lowTemperature").path("value").asText()).isEqualTo("3");
            assertThat(t.path("highTempWeather").path("value").asText()).isEqualTo("light rain");
            JsonNode hours = t.path("hourlyWeatherList");
            assertThat(hours.size()).isEqualTo(8);
            assertThat(hours.get(0).path("hourlyTime").path("value").asText()).isEqualTo("20261125 00:00");
            assertThat(hours.get(5).path("temperatureImageCode").path("value").asText()).isEqualTo("8");
            assertThat(requests.get("search berlin")).isNotNull();
            assertThat(requests.get("forecast 10.5000")).isNull();
        }
    }

    @Test
    void theWeekIsSummarisedAndShownDayByDay() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> ds = say(device, "what's the weather this week in berlin");
            assertThat(words(ds)).isEqualTo("This week in Berlin: highs between 2 and 10 degrees. "
                    + "Rain on Wednesday and on Friday. Snow on Saturday.");
            JsonNode t = only(ds, "Clova.RenderTemplate").payload();
            assertThat(t.path("type").asText()).isEqualTo("WeeklyWeather");
            JsonNode days = t.path("dailyWeatherList");
            assertThat(days.size()).isEqualTo(7);
            assertThat(days.get(0).path("date").path("value").asText()).isEqualTo("20261124");
            assertThat(days.get(1).path("iconImageCode").path("value").asText()).isEqualTo("8");
            assertThat(days.get(4).path("iconImageCode").path("value").asText()).isEqualTo("11");
            assertThat(days.get(6).path("iconImageCode").path("value").asText()).isEqualTo("17");
            assertThat(days.get(2).path("highTemperature").path("value").asText()).isEqualTo("10");
        }
    }

    @Test
    void aNamedDayIsTheNextOneFromTheForecastsToday() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            // the forecast's today is Tuesday 24 November 2026
            assertThat(words(say(device, "what's the weather on saturday", location("52.52", "13.41"))))
                    .isEqualTo("On Saturday: light snow, with a high of 2 and a low of -2 degrees, "
                            + "with a 65 percent chance of rain.");
            assertThat(words(say(device, "what's the weather on tuesday", location("52.52", "13.41"))))
                    .startsWith("Today: overcast");
            assertThat(words(say(device, "weather for wednesday in berlin")))
                    .startsWith("Tomorrow in Berlin: light rain");
            assertThat(words(say(device, "what's the forecast for friday", location("52.52", "13.41"))))
                    .startsWith("On Friday: rain");
            // a word where a weekday was expected is a place, unless it names a time
            assertThat(words(say(device, "how's the weather for berlin", location("10.0", "1.0"))))
                    .startsWith("Right now in Berlin it's 6 degrees");
            assertThat(words(say(device, "what's the weather on mars", location("52.52", "13.41"))))
                    .isEqualTo("Sorry, I couldn't find a place called mars.");
        }
    }

    @Test
    void withoutAnyLocationTheUserIsToldAndThenTheAccountsSavedPlaceIsUsed() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(words(say(device, "what's the weather"))).isEqualTo(WeatherSkill.NO_PLACE);
            // a Location the device cannot have meant is ignored, not an error
            assertThat(words(say(device, "what's the weather", location("north", "13.41"))))
                    .isEqualTo(WeatherSkill.NO_PLACE);
            assertThat(words(say(device, "what's the weather", location("95.0", "13.41"))))
                    .isEqualTo(WeatherSkill.NO_PLACE);

            // a SavedPlace without a readable home is ignored too
            for (ObjectNode odd : List.<ObjectNode>of(TestDevice.payload().put("places", "home"),
                    TestDevice.payload().set("places", TestDevice.payload().arrayNode().add(
                            TestDevice.payload().put("name", "Home").put("latitude", "").put("longitude", "13.4"))),
                    TestDevice.payload().set("places", TestDevice.payload().arrayNode().add(7)))) {
                assertThat(words(say(device, "what's the weather", context("Clova", "SavedPlace", odd))))
                        .isEqualTo(WeatherSkill.NO_PLACE);
            }

            // the device's saved home
            ContextObject saved = context("Clova", "SavedPlace", TestDevice.payload().set("places",
                    TestDevice.payload().arrayNode().add(TestDevice.payload().put("name", "Work")
                                    .put("latitude", "10.0").put("longitude", "1.0").put("refreshedAt", "2026-11-01T00:00:00Z"))
                            .add(TestDevice.payload().put("name", "Home")
                                    .put("latitude", "52.5").put("longitude", "13.4").put("refreshedAt", "2026-11-01T00:00:00Z"))));
            assertThat(words(say(device, "what's the weather", saved))).startsWith("Right now at home it's 6 degrees");

            // the account's saved place (what ./cic admin place set writes)
            try (Database db = Database.open(cic.server().config().dataDir())) {
                String accountId = new JdbcAccountRepository(db.jdbi()).findByUsername(CicServerExtension.USER)
                        .orElseThrow().accountId();
                SavedPlaceRepository places = new JdbcSavedPlaceRepository(db.jdbi());
                places.save(new SavedPlace(accountId, "Berlin", 52.52, 13.405, Instant.now()));
                try {
                    assertThat(words(say(device, "what's the weather"))).startsWith("Right now in Berlin it's 6 degrees");
                } finally {
                    places.delete(accountId);
                }
            }
            assertThat(words(say(device, "what's the weather"))).isEqualTo(WeatherSkill.NO_PLACE);
        }
    }

    @Test
    void withoutALocationTheAssistantAsksForTheCityAndAnswersForIt() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> question = sayIn(device, "dialog-where", "will it rain tomorrow");
            assertThat(words(question)).isEqualTo(WeatherSkill.NO_PLACE);
            assertThat(names(question)).endsWith("SpeechRecognizer.ExpectSpeech");
            List<Directive> answer = sayIn(device, "dialog-where", "In Berlin, please.");
            assertThat(words(answer)).startsWith("Tomorrow in Berlin: light rain");
            assertThat(only(answer, "Clova.RenderTemplate").payload().path("type").asText()).isEqualTo("TomorrowWeather");

            sayIn(device, "dialog-where-2", "what's the weather on friday");
            assertThat(words(sayIn(device, "dialog-where-2", "atlantis")))
                    .isEqualTo("Sorry, I couldn't find a place called atlantis.");
        }
    }

    @Test
    void aReplyThatNamesNoCityIsSaidSo() {
        assertThat(WeatherSkill.cityIn("for San Francisco please")).isEqualTo("san francisco");
        assertThat(WeatherSkill.cityIn("the weather in Rome")).isEqualTo("rome");
        assertThat(WeatherSkill.cityIn("?!")).isEmpty();
    }

    @Test
    void anUnknownPlaceIsSaidToBeUnknown() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> ds = say(device, "what's the weather in atlantis", location("52.52", "13.41"));
            assertThat(words(ds)).isEqualTo("Sorry, I couldn't find a place called atlantis.");
            assertThat(names(ds)).doesNotContain("Clova.RenderTemplate");
        }
    }

    @Test
    void aFailingSlowOrGarbledProviderGetsASpokenApologyNeverAnError() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            for (String lat : List.of("10.0", "12.0", "13.0")) {
                List<Directive> ds = say(device, "what's the weather", location(lat, "1.0"));
                assertThat(words(ds)).as("latitude %s", lat).isEqualTo(WeatherSkill.APOLOGY);
                assertThat(names(ds)).contains("Clova.RenderText");
            }
            assertThat(words(say(device, "weather in brokenville"))).isEqualTo(WeatherSkill.APOLOGY);

            // The stand-in holds its answer for 10 s; the user hears the apology long before.
            for (String slow : List.of("what's the weather in slowville", "what's the weather")) {
                long start = System.nanoTime();
                List<Directive> ds = slow.contains("slowville") ? say(device, slow)
                        : say(device, slow, location("11.0", "1.0"));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(words(ds)).isEqualTo(WeatherSkill.APOLOGY);
                assertThat(took).as(slow).isLessThan(Duration.ofSeconds(8));
            }
        }
    }
}
