package dev.opencic.server.skill.smalltalk;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.protocol.payload.ContentTemplates;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.util.List;
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

    /** The help guide as cards: what to ask, one card per feature, for {@code CardList}. */
    static final List<ContentTemplates.Card> HELP_CARDS = List.of(
            ContentTemplates.Card.of("Alarms and timers", List.of("Set an alarm for seven a.m.",
                    "Set a timer for ten minutes", "What alarms do I have?")),
            ContentTemplates.Card.of("Reminders and memos", List.of("Remind me to call mom tomorrow at five p.m.",
                    "Take a note that the wifi password is tulip", "Read my memos")),
            ContentTemplates.Card.of("Calendar", List.of("Add dentist to my calendar on Friday at three p.m.",
                    "What's on my calendar tomorrow?")),
            ContentTemplates.Card.of("Music", List.of("Play some jazz", "Next song", "Pause")),
            ContentTemplates.Card.of("Weather", List.of("What's the weather like today?",
                    "What's the weather this week in Berlin?")),
            ContentTemplates.Card.of("Time and volume", List.of("What time is it?", "Louder", "Mute")));

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
        if (request.intent().intent().equals("smalltalk.greeting")) {
            return SkillAnswer.ask(text).done();
        }
        // Clova.Help lets a device show its own guide; the cards are ours, for a device that has none.
        String dialog = request.event().dialogRequestId();
        return SkillAnswer.say(text).withDirectives(Directive.of(dialog, new Clova.Help()))
                .alsoShowing(new ContentTemplates.CardList(HELP_CARDS), dialog).done();
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
