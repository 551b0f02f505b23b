package dev.opencic.server.skill.weather;

import dev.opencic.protocol.Event;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.skill.PendingQuestion;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Today's, tomorrow's, a named day's and the week's weather, for a place the user names, else where
 * the device is ({@code Clova.Location}), else the device's saved home ({@code Clova.SavedPlace}),
 * else the account's saved place. Whatever goes wrong (no place, an unknown place, a provider that
 * fails, is slow or talks nonsense), the user hears why, within the configured timeout.
 */
public final class WeatherSkill implements Skill {

    private static final Logger log = LoggerFactory.getLogger(WeatherSkill.class);

    /** The name of the device's saved home, said as "at home". */
    static final String HOME = "Home";

    static final String TODAY = "weather.today";
    static final String TOMORROW = "weather.tomorrow";
    static final String WEEK = "weather.week";
    static final String DAY = "weather.day";
    static final String HUMIDITY = "weather.humidity";
    static final String WIND = "weather.wind";
    static final String AIR = "weather.air";

    /** What "which city?" asks for, and the weekday asked about (a {@link DayOfWeek} name) while it waits. */
    private static final String CITY = "city";
    private static final String DAY_SLOT = "weekday";

    static final String NO_PLACE = "I don't know where you are. Which city would you like the weather for?";
    static final String APOLOGY = "Sorry, I can't get the weather right now. Please try again in a little while.";

    private final WeatherProvider provider;
    private final SavedPlaceRepository places;
    private final Duration timeout;

    public WeatherSkill(WeatherProvider provider, SavedPlaceRepository places, Duration timeout) {
        this.provider = provider;
        this.places = places;
        this.timeout = timeout;
    }

    @Override
    public Set<String> intents() {
        return Set.of(TODAY, TOMORROW, WEEK, DAY, HUMIDITY, WIND, AIR);
    }

    /** Where to forecast, or what to say instead; neither when nothing tells where the user is. */
    private record Resolved(Place place, String instead) {}

    @Override
    public CompletableFuture<SkillAnswer> answer(SkillRequest request) {
        String intent = request.intent().intent();
        String named = request.intent().slot("place");
        DayOfWeek weekday = null;
        if (!intent.equals(DAY) && weekday(named) != null) {
            // "the forecast for Monday" reads like a place to the templates; it is a day
            intent = DAY;
            weekday = weekday(named);
            named = null;
        } else if (intent.equals(DAY)) {
            String word = request.intent().slot("day");
            weekday = weekday(word);
            if (weekday == null) {
                // "the weather for London", "on the weekend": the word was not a weekday after all
                switch (word == null ? "" : word.toLowerCase(Locale.ROOT)) {
                    case "today", "tonight", "now" -> intent = TODAY;
                    case "tomorrow" -> intent = TOMORROW;
                    case "week", "weekend" -> intent = WEEK;
                    default -> {
                        intent = TODAY;
                        if (named == null) {
                            named = word;
                        }
                    }
                }
            }
        }
        return forecast(intent, weekday, resolve(request, named));
    }

    /**
     * The forecast answer once the place is known; without one, the question "which city?", whose
     * answer (under the same dialogRequestId) is taken as the place.
     */
    private CompletableFuture<SkillAnswer> forecast(String intent, DayOfWeek day, CompletableFuture<Resolved> where) {
        CompletableFuture<SkillAnswer> answer = where.thenCompose(r -> {
            if (r.place() != null && intent.equals(AIR)) {
                return provider.airQuality(r.place()).thenApply(a -> WeatherConditions.air(where(r.place()),
                        shown(r.place()), a));
            }
            if (r.place() != null) {
                return provider.forecast(r.place()).thenApply(f -> compose(intent, day, r.place(), f));
            }
            if (r.instead() != null) {
                return SkillAnswer.say(r.instead()).done();
            }
            // Asked as data (what was asked about), so that the city may be named to another cluster node.
            return SkillAnswer.ask(NO_PLACE, new PendingQuestion(intent,
                    day == null ? Map.of() : Map.of(DAY_SLOT, day.name()), 1.0, null, "", CITY, "")).done();
        });
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException) {
                log.warn("event=WeatherUnavailable reason=timeout timeoutMs={}", timeout.toMillis());
            } else if (cause instanceof WeatherUnavailableException) {
                log.warn("event=WeatherUnavailable reason=\"{}\"", cause.getMessage());
            } else {
                log.error("event=WeatherFailed", cause);
            }
            return SkillAnswer.say(APOLOGY);
        });
    }

    /** The answer to "which city?": the forecast asked for, there. */
    @Override
    public CompletableFuture<SkillAnswer> resume(PendingQuestion question, String answer, SkillRequest reply) {
        if (!question.asked().equals(CITY)) {
            return Skill.super.resume(question, answer, reply);
        }
        String city = cityIn(answer);
        if (city.isEmpty()) {
            return SkillAnswer.say("Sorry, I didn't catch the name of a city.").done();
        }
        String day = question.slots().get(DAY_SLOT);
        return forecast(question.intent(), day == null ? null : DayOfWeek.valueOf(day), named(city));
    }

    private CompletableFuture<Resolved> named(String name) {
        return provider.findPlace(name).thenApply(found -> found
                .map(p -> new Resolved(p, null))
                .orElseGet(() -> new Resolved(null, "Sorry, I couldn't find a place called " + name + ".")));
    }

    /** The city in a reply to "which city?": "in Berlin, please" is Berlin. */
    static String cityIn(String reply) {
        return TextNormalizer.normalize(reply == null ? "" : reply)
                .replaceFirst("^(the weather |the forecast )?(in|for|at) ", "")
                .replaceFirst(" please$", "")
                .strip();
    }

    private CompletableFuture<Resolved> resolve(SkillRequest request, String named) {
        if (named != null && !named.isBlank()) {
            return named(named.strip());
        }
        Event event = request.event().event();
        Optional<Place> here = EventPayloads.context(event, Namespaces.CLOVA, "Location", Clova.Location.class)
                .flatMap(WeatherSkill::location);
        if (here.isPresent()) {
            return CompletableFuture.completedFuture(new Resolved(here.get(), null));
        }
        Optional<Place> home = EventPayloads.context(event, Namespaces.CLOVA, "SavedPlace", Clova.SavedPlace.class)
                .flatMap(WeatherSkill::home);
        if (home.isPresent()) {
            return CompletableFuture.completedFuture(new Resolved(home.get(), null));
        }
        String accountId = request.event().device().accountId();
        return CompletableFuture.supplyAsync(() -> places.find(accountId), request.event().blockingExecutor())
                .thenApply(saved -> saved
                        .map(s -> new Resolved(new Place(s.name(), s.latitude(), s.longitude()), null))
                        .orElseGet(() -> new Resolved(null, null)));
    }

    /** {@code Clova.Location}: latitude and longitude as strings; anything unreadable is ignored. */
    static Optional<Place> location(Clova.Location location) {
        return coordinates(location.latitude(), location.longitude(), null);
    }

    /** {@code Clova.SavedPlace}: the place named Home (the first edition's example says 집), else none. */
    static Optional<Place> home(Clova.SavedPlace saved) {
        return saved.places().stream()
                .filter(p -> p.name() != null && (p.name().equalsIgnoreCase("home") || p.name().equals("집")))
                .findFirst()
                .flatMap(p -> coordinates(p.latitude(), p.longitude(), HOME));
    }

    private static Optional<Place> coordinates(String latitude, String longitude, String name) {
        try {
            double lat = Double.parseDouble(latitude == null ? "" : latitude.strip());
            double lon = Double.parseDouble(longitude == null ? "" : longitude.strip());
            return Optional.of(new Place(name, lat, lon));
        } catch (IllegalArgumentException e) {
            log.info("event=LocationIgnored reason=\"{}\"", e.getMessage());
            return Optional.empty();
        }
    }

    static DayOfWeek weekday(String word) {
        if (word == null) {
            return null;
        }
        String w = word.strip().toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
            if (w.equals(full) || w.equals(full + "s")) {
                return d;
            }
        }
        return null;
    }

    private static String where(Place place) {
        return place.name() == null ? "" : place.name().equals(HOME) ? " at home" : " in " + place.name();
    }

    private static String shown(Place place) {
        return place.name() == null ? "Current location" : place.name();
    }

    private static SkillAnswer compose(String intent, DayOfWeek weekday, Place place, Forecast f) {
        String where = where(place);
        String shown = shown(place);
        return switch (intent) {
            case HUMIDITY -> WeatherConditions.humidity(where, shown, f);
            case WIND -> WeatherConditions.wind(where, shown, f);
            case TODAY -> {
                Forecast.Day today = f.days().get(0);
                String text = "Right now" + where + " it's " + degrees(f.now().temperature()) + " and "
                        + WeatherCodes.describe(f.now().wmoCode()) + ". Today's high is "
                        + Math.round(today.high()) + " and the low is " + degrees(today.low())
                        + rain(today) + ".";
                yield withTemplate(text, WeatherTemplates.today(shown, f));
            }
            case TOMORROW -> {
                Optional<Forecast.Day> d = f.day(f.today().plusDays(1));
                if (d.isEmpty()) {
                    throw new WeatherUnavailableException("forecast without tomorrow");
                }
                yield withTemplate(dayText("Tomorrow" + where, d.get()), WeatherTemplates.tomorrow(shown, f));
            }
            case WEEK -> withTemplate(weekText(where, f), WeatherTemplates.weekly(shown, f));
            case DAY -> {
                LocalDate date = f.today();
                while (date.getDayOfWeek() != weekday) {
                    date = date.plusDays(1);
                }
                String label = date.equals(f.today()) ? "Today"
                        : date.equals(f.today().plusDays(1)) ? "Tomorrow"
                        : "On " + weekday.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                Optional<Forecast.Day> d = f.day(date);
                yield d.isPresent() ? SkillAnswer.say(dayText(label + where, d.get()))
                        : SkillAnswer.say("I don't have a forecast that far ahead" + where + " yet.");
            }
            default -> throw new IllegalArgumentException("not a weather intent: " + intent);
        };
    }

    private static SkillAnswer withTemplate(String text, Payload template) {
        return SkillAnswer.say(text).withTemplate(template);
    }

    private static String dayText(String label, Forecast.Day d) {
        return label + ": " + WeatherCodes.describe(d.wmoCode()) + ", with a high of " + Math.round(d.high())
                + " and a low of " + degrees(d.low()) + rain(d) + ".";
    }

    private static String weekText(String where, Forecast f) {
        long lowest = f.days().stream().mapToLong(d -> Math.round(d.high())).min().orElse(0);
        long highest = f.days().stream().mapToLong(d -> Math.round(d.high())).max().orElse(0);
        StringBuilder s = new StringBuilder("This week" + where + ": ");
        s.append(lowest == highest ? "highs around " + degrees(highest) : "highs between " + lowest + " and " + degrees(highest));
        s.append(". ");
        List<String> rainy = new ArrayList<>();
        List<String> snowy = new ArrayList<>();
        for (Forecast.Day d : f.days()) {
            String name = d.date().equals(f.today()) ? "today"
                    : d.date().getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            if (WeatherCodes.isSnow(d.wmoCode())) {
                snowy.add(name);
            } else if (WeatherCodes.isRain(d.wmoCode())) {
                rainy.add(name);
            }
        }
        if (rainy.isEmpty() && snowy.isEmpty()) {
            s.append("No rain or snow expected.");
        } else {
            if (!rainy.isEmpty()) {
                s.append("Rain ").append(list(rainy)).append(". ");
            }
            if (!snowy.isEmpty()) {
                s.append("Snow ").append(list(snowy)).append(". ");
            }
        }
        return s.toString().strip();
    }

    private static String list(List<String> days) {
        List<String> on = days.stream().map(d -> d.equals("today") ? d : "on " + d).toList();
        if (on.size() == 1) {
            return on.get(0);
        }
        return String.join(", ", on.subList(0, on.size() - 1)) + " and " + on.get(on.size() - 1);
    }

    private static String rain(Forecast.Day d) {
        Integer p = d.precipitationProbability();
        if (p == null) {
            return "";
        }
        boolean an = p == 8 || p == 11 || p == 18 || (p >= 80 && p <= 89);
        return ", with " + (an ? "an " : "a ") + p + " percent chance of rain";
    }

    private static String degrees(double celsius) {
        long r = Math.round(celsius);
        return r + (Math.abs(r) == 1 ? " degree" : " degrees");
    }
}
