package dev.opencic.server.skill.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.MessageCodec;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading Open-Meteo's JSON, including the odd answers a real service gives, and the code table. */
class OpenMeteoFormatTest {

    static ObjectNode berlin() throws Exception {
        return (ObjectNode) MessageCodec.mapper().readTree(WeatherTest.fixture("forecast-berlin.json"));
    }

    @Test
    void theRecordedForecastReadsAsSevenLocalDaysAndHourlyValues() throws Exception {
        Forecast f = OpenMeteoProvider.parseForecast(berlin());
        assertThat(f.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(f.now().time()).isEqualTo(LocalDateTime.of(2026, 11, 24, 15, 0));
        assertThat(f.today()).isEqualTo(LocalDate.of(2026, 11, 24));
        assertThat(f.days()).hasSize(7);
        assertThat(f.hours()).hasSize(168);
        // null probabilities at the end of the range stay unknown, not zero
        assertThat(f.hours().get(167).precipitationProbability()).isNull();
        assertThat(f.days().get(4).low()).isEqualTo(-1.8);
    }

    @Test
    void aDayWithoutValuesIsLeftOutButTodayMustBeThere() throws Exception {
        ObjectNode root = berlin();
        ((ArrayNode) root.path("daily").path("temperature_2m_max")).set(6, MessageCodec.mapper().nullNode());
        assertThat(OpenMeteoProvider.parseForecast(root).days()).hasSize(6);
        ((ArrayNode) root.path("daily").path("temperature_2m_max")).set(0, MessageCodec.mapper().nullNode());
        assertThatThrownBy(() -> OpenMeteoProvider.parseForecast(root))
                .isInstanceOf(WeatherUnavailableException.class).hasMessageContaining("today");
    }

    @Test
    void missingFieldsUnequalArraysAndBadZonesAreUnavailableNotCrashes() throws Exception {
        ObjectNode noCurrent = berlin();
        noCurrent.remove("current");
        ObjectNode shortArray = berlin();
        ((ArrayNode) shortArray.path("hourly").path("weather_code")).remove(0);
        ObjectNode badZone = berlin();
        badZone.put("timezone", "Mars/Olympus_Mons");
        ObjectNode badTime = berlin();
        ((ObjectNode) badTime.path("current")).put("time", "yesterday");
        ObjectNode textTemperature = berlin();
        ((ObjectNode) textTemperature.path("current")).put("temperature_2m", "warm");
        for (JsonNode broken : new JsonNode[] {noCurrent, shortArray, badZone, badTime, textTemperature}) {
            assertThatThrownBy(() -> OpenMeteoProvider.parseForecast(broken))
                    .isInstanceOf(WeatherUnavailableException.class);
        }
    }

    @Test
    void geocodingWithoutResultsIsNoPlaceAndAGarbledOneIsUnavailable() throws Exception {
        assertThat(OpenMeteoProvider.parsePlace(MessageCodec.mapper().readTree(WeatherTest.fixture("search-nothing.json"))))
                .isEmpty();
        assertThat(OpenMeteoProvider.parsePlace(MessageCodec.mapper().readTree("{\"results\":[]}"))).isEmpty();
        assertThat(OpenMeteoProvider.parsePlace(MessageCodec.mapper().readTree(WeatherTest.fixture("search-berlin.json"))))
                .contains(new Place("Berlin", 52.52437, 13.41053));
        for (String bad : new String[] {"{\"results\":\"Berlin\"}", "{\"results\":[{\"name\":\"X\",\"latitude\":99,\"longitude\":0}]}",
                "{\"results\":[{\"name\":\"X\"}]}"}) {
            assertThatThrownBy(() -> OpenMeteoProvider.parsePlace(MessageCodec.mapper().readTree(bad)))
                    .as(bad).isInstanceOf(WeatherUnavailableException.class);
        }
    }

    @ParameterizedTest(name = "WMO {0} by {1} is reference code {2}, \"{3}\"")
    @CsvSource({
            "0, day, 1, clear", "0, night, 2, clear", "1, day, 1, mostly clear", "2, night, 4, partly cloudy",
            "3, day, 5, overcast", "3, night, 6, overcast", "45, day, 17, foggy", "53, day, 8, drizzle",
            "57, day, 14, freezing drizzle", "61, day, 8, light rain", "63, day, 9, rain", "65, day, 10, heavy rain",
            "67, night, 14, freezing rain", "71, day, 11, light snow", "73, day, 12, snow", "75, day, 13, heavy snow",
            "77, day, 11, light snow", "81, day, 15, rain showers", "82, day, 15, heavy rain showers",
            "86, day, 16, snow showers", "95, day, 18, thunderstorms", "99, night, 19, thunderstorms with hail",
            "42, day, 7, unsettled"})
    void wmoCodesMapToTheReferencesWeatherCodes(int wmo, String time, int code, String words) {
        assertThat(WeatherCodes.referenceCode(wmo, time.equals("day"))).isEqualTo(code);
        assertThat(WeatherCodes.describe(wmo)).isEqualTo(words);
    }
}
