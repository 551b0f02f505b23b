package dev.opencic.server.skill.weather;

import dev.opencic.protocol.payload.ContentTemplates;
import dev.opencic.protocol.payload.ContentTemplates.Value;
import dev.opencic.server.skill.SkillAnswer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Answers to "how humid is it", "how windy is it" and "what's the air quality": a sentence and the
 * reference's {@code Humidity}, {@code WindSpeed} or {@code Atmosphere} template. Like the other
 * weather templates, the ones we have no content for (background clips, images, referred service)
 * are sent empty, which the reference defines as "show nothing".
 */
final class WeatherConditions {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd HH:mm");
    private static final String[] COMPASS = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"};
    private static final String[] COMPASS_WORDS = {"north", "northeast", "east", "southeast", "south",
        "southwest", "west", "northwest"};

    private WeatherConditions() {}

    static SkillAnswer humidity(String where, String shown, Forecast f) {
        Integer h = f.now().humidity();
        if (h == null) {
            throw new WeatherUnavailableException("forecast without humidity");
        }
        String text = "The humidity" + where + " is " + h + " percent right now.";
        return SkillAnswer.say(text).withTemplate(new ContentTemplates.Humidity("Humidity", string(shown), url(),
                string(WeatherTemplates.PROVIDER_TEXT), time(f), url(), string(""), url(), code(f),
                new Value("percentage", h + "%")));
    }

    static SkillAnswer wind(String where, String shown, Forecast f) {
        Double speed = f.now().windSpeed();
        if (speed == null) {
            throw new WeatherUnavailableException("forecast without wind");
        }
        long ms = Math.round(speed);
        Integer degrees = f.now().windDirection();
        int sector = degrees == null ? -1 : Math.floorMod(Math.round(degrees / 45.0f), 8);
        String text = "Right now" + where + " the wind is " + strength(speed) + ", " + ms
                + (ms == 1 ? " meter" : " meters") + " per second"
                + (sector < 0 ? "" : " from the " + COMPASS_WORDS[sector]) + ".";
        return SkillAnswer.say(text).withTemplate(new ContentTemplates.WindSpeed("WindSpeed", string(shown), url(),
                string(WeatherTemplates.PROVIDER_TEXT), time(f), url(), string(""), url(), code(f),
                string(sector < 0 ? "" : COMPASS[sector]), new Value("number", ms + "m/s")));
    }

    static SkillAnswer air(String where, String shown, AirQuality a) {
        String band = AirQuality.band(a.index());
        String text = "The air quality" + where + " is " + band.toLowerCase(java.util.Locale.ROOT)
                + " right now, with a European air quality index of " + a.index() + ".";
        List<ContentTemplates.HalfDayAtmosphere> halves = new ArrayList<>();
        LocalDate today = a.time().toLocalDate();
        String[][] names = {{"Tomorrow morning", "Tomorrow afternoon"},
            {"Morning in two days' time", "Afternoon in two days' time"}};
        for (int day = 1; day <= 2; day++) {
            for (int half = 0; half < 2; half++) {
                OptionalInt worst = worst(a, today.plusDays(day), half == 0 ? 6 : 12, half == 0 ? 12 : 18);
                if (worst.isPresent()) {
                    halves.add(new ContentTemplates.HalfDayAtmosphere(url(),
                            string(AirQuality.band(worst.getAsInt())), string(names[day - 1][half])));
                }
            }
        }
        return SkillAnswer.say(text).withTemplate(new ContentTemplates.Atmosphere("Atmosphere", string(shown), url(),
                string("Air quality data by Open-Meteo.com"), new Value("datetime", DATE_TIME.format(a.time())), url(),
                string(""), url(), string(""), string(""), string(band), string(a.index() + " EAQI"), halves));
    }

    /** The worst hourly index of that day between the hours (the half day's reading a sensitive person needs). */
    private static OptionalInt worst(AirQuality a, LocalDate date, int fromHour, int toHour) {
        return a.hours().stream()
                .filter(h -> h.time().toLocalDate().equals(date))
                .filter(h -> h.time().getHour() >= fromHour && h.time().getHour() < toHour)
                .mapToInt(AirQuality.Hour::index).max();
    }

    /** Words for the Beaufort scale's bands, from m/s. */
    static String strength(double ms) {
        if (ms < 0.5) {
            return "calm";
        } else if (ms < 3.4) {
            return "light";
        } else if (ms < 8.0) {
            return "moderate";
        } else if (ms < 13.9) {
            return "strong";
        } else if (ms < 24.5) {
            return "a gale";
        }
        return "a storm";
    }

    private static Value time(Forecast f) {
        return new Value("datetime", DATE_TIME.format(f.now().time()));
    }

    private static Value code(Forecast f) {
        return string(String.valueOf(WeatherCodes.referenceCode(f.now().wmoCode(), f.now().daytime())));
    }

    private static Value string(String v) {
        return Value.string(v);
    }

    private static Value url() {
        return Value.url("");
    }
}
