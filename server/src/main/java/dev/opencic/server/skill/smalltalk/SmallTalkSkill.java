package dev.opencic.server.skill.smalltalk;

import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Greetings and help: what a user says to find out what the assistant can do. */
public final class SmallTalkSkill implements Skill {

    /** What the assistant can do today; the fallback answer points here too. */
    public static final String CAPABILITIES =
            "I can set alarms and timers, remind you of things, take memos, keep your schedule, "
            + "play music, and tell you the weather for today, tomorrow or the week. "
            + "Ask me the time or the date, or say louder, quieter or mute to change the volume.";

    /** A few real requests to try, for when the assistant did not understand. */
    static final String SUGGESTIONS = "You could ask me what time it is or what the weather is tomorrow, "
            + "ask me to set an alarm for seven a.m., or say: what can you do.";

    @Override
    public Set<String> intents() {
        return Set.of("smalltalk.greeting", "smalltalk.help");
    }

    @Override
    public CompletableFuture<SkillAnswer> answer(SkillRequest request) {
        String text = switch (request.intent().intent()) {
            // A greeting invites a request: keep listening, as a person would wait for an answer.
            case "smalltalk.greeting" -> greeting(request.utterance()) + " How can I help you?";
            case "smalltalk.help" -> CAPABILITIES;
            default -> throw new IllegalArgumentException("not a small-talk intent: " + request.intent().intent());
        };
        return CompletableFuture.completedFuture(request.intent().intent().equals("smalltalk.greeting")
                ? SkillAnswer.ask(text) : SkillAnswer.say(text));
    }

    /** The answer when no intent matched: say so, and suggest real things to say. */
    public static SkillAnswer fallback() {
        return SkillAnswer.say("Sorry, I didn't understand that. " + SUGGESTIONS);
    }

    /** Greets back in kind: "Good morning!" to good morning, "I'm well, thanks!" to how are you. */
    static String greeting(String utterance) {
        String u = utterance == null ? "" : utterance.toLowerCase(java.util.Locale.ROOT);
        for (String part : new String[] {"morning", "afternoon", "evening"}) {
            if (u.contains("good " + part)) {
                return "Good " + part + "!";
            }
        }
        return u.contains("how are you") ? "I'm well, thanks!" : "Hello!";
    }
}
