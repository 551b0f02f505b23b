package dev.opencic.server.skill.weather;

import dev.opencic.protocol.payload.ContentTemplates;
import dev.opencic.protocol.payload.ContentTemplates.Value;
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

    static ContentTemplates.TodayWeather today(String location, Forecast f) {
        // The next 24 hours, every 3 hours, as the reference's example shows.
        List<ContentTemplates.HourlyWeather> hours = f.hours().stream()
                .filter(h -> !h.time().isBefore(f.now().time().withMinute(0)))
                .filter(h -> h.time().getHour() % 3 == 0)
                .limit(8)
                .map(WeatherTemplates::hour)
                .toList();
        return new ContentTemplates.TodayWeather("TodayWeather", string(location), url(), string(PROVIDER_TEXT),
                lastUpdate(f), url(), string(""), temperature(f.now().temperature()),
                string(WeatherCodes.describe(f.now().wmoCode())), hours);
    }

    static ContentTemplates.TomorrowWeather tomorrow(String location, Forecast f) {
        LocalDate date = f.today().plusDays(1);
        List<Forecast.Hour> hours = f.hours().stream().filter(h -> h.time().toLocalDate().equals(date)).toList();
        Forecast.Day day = f.day(date).orElseThrow(() -> new WeatherUnavailableException("no forecast for tomorrow"));
        // The weather at the day's warmest and coolest hours; the day's own code when there are no hours.
        int highCode = hours.stream().max(Comparator.comparingDouble(Forecast.Hour::temperature))
                .map(Forecast.Hour::wmoCode).orElse(day.wmoCode());
        int lowCode = hours.stream().min(Comparator.comparingDouble(Forecast.Hour::temperature))
                .map(Forecast.Hour::wmoCode).orElse(day.wmoCode());
        return new ContentTemplates.TomorrowWeather("TomorrowWeather", string(location), url(), string(PROVIDER_TEXT),
                lastUpdate(f), url(), temperature(day.high()), temperature(day.low()),
                string(WeatherCodes.describe(highCode)), string(WeatherCodes.describe(lowCode)),
                hours.stream().filter(h -> h.time().getHour() % 3 == 0).map(WeatherTemplates::hour).toList());
    }

    static ContentTemplates.WeeklyWeather weekly(String location, Forecast f) {
        List<ContentTemplates.DailyWeather> days = f.days().stream()
                .map(d -> new ContentTemplates.DailyWeather(new Value("date", DATE.format(d.date())),
                        temperature(d.high()), temperature(d.low()),
                        string(String.valueOf(WeatherCodes.referenceCode(d.wmoCode(), true))), url()))
                .toList();
        return new ContentTemplates.WeeklyWeather("WeeklyWeather", string(location), url(), string(PROVIDER_TEXT),
                lastUpdate(f), url(), string("Forecast for the next " + f.days().size() + " days"), days);
    }

    private static Value lastUpdate(Forecast f) {
        return new Value("datetime", DATE_TIME.format(f.now().time()));
    }

    private static ContentTemplates.HourlyWeather hour(Forecast.Hour h) {
        return new ContentTemplates.HourlyWeather(new Value("datetime", DATE_TIME.format(h.time())),
                temperature(h.temperature()),
                h.precipitationProbability() == null ? null
                        : new Value("percentage", h.precipitationProbability() + "%"),
                string(String.valueOf(WeatherCodes.referenceCode(h.wmoCode(), h.daytime()))), url());
    }

    static Value temperature(double celsius) {
        return new Value("temperature-c", String.valueOf(Math.round(celsius)));
    }

    static Value string(String value) {
        return Value.string(value);
    }

    /** We have no clips, icons or links to give: an empty URL. */
    private static Value url() {
        return Value.url("");
    }
}
