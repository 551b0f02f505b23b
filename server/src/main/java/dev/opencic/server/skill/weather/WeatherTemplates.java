package dev.opencic.server.skill.weather;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.MessageCodec;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;

/**
 * The reference's weather content templates ({@code TodayWeather}, {@code TomorrowWeather},
 * {@code WeeklyWeather}) as {@code Clova.RenderTemplate} payloads. Field names and value formats
 * follow the reference's examples (dates {@code 20170726}, times {@code 20170726 18:00},
 * temperatures as whole-degree strings, probabilities {@code "20%"}); the reference's field tables
 * spell the hourly list {@code houlyWeatherList}, its examples {@code hourlyWeatherList}, and we
 * send the latter. We have no background clips, icons or fine-dust readings: those URL and text
 * fields are sent empty, and devices draw the weather from its code.
 */
final class WeatherTemplates {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd HH:mm");
    /** Open-Meteo's data licence (CC BY 4.0) asks for attribution. */
    static final String PROVIDER_TEXT = "Weather data by Open-Meteo.com";

    private WeatherTemplates() {}

    static ObjectNode today(String location, Forecast f) {
        ObjectNode t = base("TodayWeather", location, f);
        t.set("concentrationOfFineDust", string(""));
        t.set("nowTemperature", temperature(f.now().temperature()));
        t.set("nowWeather", string(WeatherCodes.describe(f.now().wmoCode())));
        // The next 24 hours, every 3 hours, as the reference's example shows.
        ArrayNode hours = t.putArray("hourlyWeatherList");
        f.hours().stream()
                .filter(h -> !h.time().isBefore(f.now().time().withMinute(0)))
                .filter(h -> h.time().getHour() % 3 == 0)
                .limit(8)
                .forEach(h -> hours.add(hour(h)));
        return t;
    }

    static ObjectNode tomorrow(String location, Forecast f) {
        LocalDate date = f.today().plusDays(1);
        ObjectNode t = base("TomorrowWeather", location, f);
        List<Forecast.Hour> hours = f.hours().stream().filter(h -> h.time().toLocalDate().equals(date)).toList();
        Forecast.Day day = f.day(date).orElseThrow(() -> new WeatherUnavailableException("no forecast for tomorrow"));
        t.set("highTemperature", temperature(day.high()));
        t.set("lowTemperature", temperature(day.low()));
        hours.stream().max(Comparator.comparingDouble(Forecast.Hour::temperature))
                .ifPresent(h -> t.set("highTempWeather", string(WeatherCodes.describe(h.wmoCode()))));
        hours.stream().min(Comparator.comparingDouble(Forecast.Hour::temperature))
                .ifPresent(h -> t.set("lowTempWeather", string(WeatherCodes.describe(h.wmoCode()))));
        if (!t.has("highTempWeather")) {
            t.set("highTempWeather", string(WeatherCodes.describe(day.wmoCode())));
            t.set("lowTempWeather", string(WeatherCodes.describe(day.wmoCode())));
        }
        ArrayNode list = t.putArray("hourlyWeatherList");
        hours.stream().filter(h -> h.time().getHour() % 3 == 0).forEach(h -> list.add(hour(h)));
        return t;
    }

    static ObjectNode weekly(String location, Forecast f) {
        ObjectNode t = base("WeeklyWeather", location, f);
        t.set("description", string("Forecast for the next " + f.days().size() + " days"));
        ArrayNode days = t.putArray("dailyWeatherList");
        for (Forecast.Day d : f.days()) {
            ObjectNode day = days.addObject();
            day.set("date", typed("date", DATE.format(d.date())));
            day.set("highTemperature", temperature(d.high()));
            day.set("lowTemperature", temperature(d.low()));
            day.set("iconImageCode", string(String.valueOf(WeatherCodes.referenceCode(d.wmoCode(), true))));
            day.set("iconImageUrl", typed("url", ""));
        }
        return t;
    }

    private static ObjectNode base(String type, String location, Forecast f) {
        ObjectNode t = MessageCodec.mapper().createObjectNode();
        t.put("type", type);
        t.set("location", string(location));
        t.set("bgClipUrl", typed("url", ""));
        t.set("contentProviderText", string(PROVIDER_TEXT));
        t.set("lastUpdate", typed("datetime", DATE_TIME.format(f.now().time())));
        t.set("linkUrl", typed("url", ""));
        return t;
    }

    private static ObjectNode hour(Forecast.Hour h) {
        ObjectNode o = MessageCodec.mapper().createObjectNode();
        o.set("hourlyTime", typed("datetime", DATE_TIME.format(h.time())));
        o.set("hourlyTemperature", temperature(h.temperature()));
        if (h.precipitationProbability() != null) {
            o.set("rainfallProbability", typed("percentage", h.precipitationProbability() + "%"));
        }
        o.set("temperatureImageCode", string(String.valueOf(WeatherCodes.referenceCode(h.wmoCode(), h.daytime()))));
        o.set("temperatureImageUrl", typed("url", ""));
        return o;
    }

    static ObjectNode temperature(double celsius) {
        return typed("temperature-c", String.valueOf(Math.round(celsius)));
    }

    static ObjectNode string(String value) {
        return typed("string", value);
    }

    private static ObjectNode typed(String type, String value) {
        return MessageCodec.mapper().createObjectNode().put("type", type).put("value", value);
    }
}
