package dev.opencic.server.skill;

import java.util.Objects;

/** What to say and what to show. {@code display} is usually the spoken text itself. */
public record SkillAnswer(String speech, String display) {
    public SkillAnswer {
        Objects.requireNonNull(speech, "speech");
        Objects.requireNonNull(display, "display");
    }

    public static SkillAnswer say(String text) {
        return new SkillAnswer(text, text);
    }
}
