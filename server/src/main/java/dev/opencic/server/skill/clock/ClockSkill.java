package dev.opencic.server.skill.clock;

import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The current time and date, in the device's time zone. */
public final class ClockSkill implements Skill {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy", Locale.ENGLISH);

    @Override
    public Set<String> intents() {
        return Set.of("clock.time", "clock.date");
    }

    @Override
    public CompletableFuture<SkillAnswer> answer(SkillRequest request) {
        ZonedDateTime now = ZonedDateTime.now(request.clock()).withZoneSameInstant(request.zone());
        String text = switch (request.intent().intent()) {
            case "clock.time" -> "It's " + TIME.format(now) + ".";
            case "clock.date" -> "Today is " + DATE.format(now) + ".";
            default -> throw new IllegalArgumentException("not a clock intent: " + request.intent().intent());
        };
        return CompletableFuture.completedFuture(SkillAnswer.say(text));
    }
}
