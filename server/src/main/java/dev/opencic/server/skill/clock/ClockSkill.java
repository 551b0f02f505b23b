package dev.opencic.server.skill.clock;

import dev.opencic.server.skill.Skill;
import dev.opencic.protocol.payload.ContentTemplates;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The current time and date in the device's time zone; the date of another day ("what day is it
 * tomorrow", "what's the date on Friday"), the days until one ("how many days until Christmas"), and
 * the time in a city ("what time is it in Tokyo").
 */
public final class ClockSkill implements Skill {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DATE_NO_DAY = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH);

    @Override
    public Set<String> intents() {
        return Set.of("clock.time", "clock.date", "clock.date_on", "clock.days_until", "clock.time_in");
    }

    @Override
    public CompletableFuture<SkillAnswer> answer(SkillRequest request) {
        ZonedDateTime now = ZonedDateTime.now(request.clock()).withZoneSameInstant(request.zone());
        SkillAnswer answer = switch (request.intent().intent()) {
            case "clock.time" -> SkillAnswer.say("It's " + TIME.format(now) + ".");
            // The Text template shows the date large (highlightText) under a caption.
            case "clock.date" -> SkillAnswer.say("Today is " + DATE.format(now) + ".")
                    .alsoShowing(ContentTemplates.Text.highlighted("Today is", DATE.format(now)),
                            request.event().dialogRequestId());
            case "clock.date_on" -> dateOn(request.intent().slot("date"), now);
            case "clock.days_until" -> daysUntil(request.intent().slot("date"), now);
            case "clock.time_in" -> timeIn(request.intent().slot("place"), now);
            default -> throw new IllegalArgumentException("not a clock intent: " + request.intent().intent());
        };
        return CompletableFuture.completedFuture(answer);
    }

    private static SkillAnswer dateOn(String said, ZonedDateTime now) {
        Optional<CalendarDays.Day> day = CalendarDays.parse(said, now);
        if (day.isEmpty()) {
            return notADay(said);
        }
        LocalDate date = day.get().date();
        long days = ChronoUnit.DAYS.between(now.toLocalDate(), date);
        if (days == 0) {
            return SkillAnswer.say("Today is " + DATE.format(date) + ".");
        }
        String name = days == 1 ? "Tomorrow" : days == -1 ? "Yesterday" : day.get().spokenName();
        String verb = days < 0 ? " was " : " is ";
        // "Friday is December 11, 2026", not "Friday is Friday, December 11, 2026"; likewise
        // "Good Friday is March 26, 2027".
        String weekday = date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        boolean nameIsTheWeekday = name.equalsIgnoreCase(weekday)
                || name.toLowerCase(Locale.ROOT).endsWith(" " + weekday.toLowerCase(Locale.ROOT)) || isWeekday(name);
        return SkillAnswer.say(name + verb + (nameIsTheWeekday ? DATE_NO_DAY : DATE).format(date) + ".");
    }

    private static SkillAnswer daysUntil(String said, ZonedDateTime now) {
        Optional<CalendarDays.Day> day = CalendarDays.parse(said, now);
        if (day.isEmpty()) {
            return notADay(said);
        }
        LocalDate date = day.get().date();
        String name = day.get().spokenName();
        long days = ChronoUnit.DAYS.between(now.toLocalDate(), date);
        if (days < 0) {
            return SkillAnswer.say(name + " has already passed: it was " + DATE.format(date) + ".");
        }
        if (days == 0) {
            return SkillAnswer.say(name + " is today!");
        }
        if (days == 1) {
            return SkillAnswer.say(name + " is tomorrow, " + DATE.format(date) + ".");
        }
        return SkillAnswer.say("There are " + days + " days until " + name + ", which is " + DATE.format(date) + ".");
    }

    private static SkillAnswer timeIn(String said, ZonedDateTime now) {
        Optional<WorldCities.City> city = WorldCities.find(said);
        if (city.isEmpty()) {
            return SkillAnswer.say("Sorry, I don't know the time zone of " + (said == null ? "that place" : said) + ".");
        }
        ZonedDateTime there = now.withZoneSameInstant(city.get().zone());
        long dayDifference = ChronoUnit.DAYS.between(now.toLocalDate(), there.toLocalDate());
        String day = dayDifference == 0 ? "" : dayDifference > 0 ? " tomorrow, " : " yesterday, ";
        String weekday = there.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        return SkillAnswer.say("In " + city.get().spokenName() + " it's " + TIME.format(there)
                + (day.isEmpty() ? " on " + weekday : day + weekday) + ".");
    }

    private static SkillAnswer notADay(String said) {
        return SkillAnswer.say("Sorry, I don't know which day " + (said == null ? "that" : said)
                + " is. Try a day like tomorrow, Friday or December 25th.");
    }

    private static boolean isWeekday(String name) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (name.toLowerCase(Locale.ROOT).equals("next " + d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT))
                    || name.toLowerCase(Locale.ROOT).equals("this " + d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
