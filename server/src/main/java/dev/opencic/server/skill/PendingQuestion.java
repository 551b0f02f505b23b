package dev.opencic.server.skill;

import dev.opencic.server.nlu.IntentMatch;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A question a skill asked, as data rather than a closure over its request: the intent and the
 * slots understood so far, the slot asked for, and words to append to the answer ({@code context}:
 * "tomorrow" when the day was said but not the time). The user's answer may arrive on another
 * cluster node, which resumes the dialogue from this record alone: the dialogue pipeline hands it to
 * the skill owning {@link #intent()}, through {@link Skill#resume}.
 */
public record PendingQuestion(String intent, Map<String, String> slots, double confidence, String template,
                              String utterance, String asked, String context) implements SkillAnswer.FollowUp {
    public PendingQuestion {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(asked, "asked");
        slots = Map.copyOf(slots);
        utterance = utterance == null ? "" : utterance;
        context = context == null ? "" : context;
    }

    /** The question for {@code slot} of this request (which has an intent). */
    public static PendingQuestion of(SkillRequest request, String slot) {
        IntentMatch m = Objects.requireNonNull(request.intent(), "request.intent()");
        return new PendingQuestion(m.intent(), m.slots(), m.confidence(), m.template(), request.utterance(), slot, "");
    }

    /** This question, its answer followed by {@code words} (what was already said about it). */
    public PendingQuestion withContext(String words) {
        return new PendingQuestion(intent, slots, confidence, template, utterance, asked, words);
    }

    /**
     * The request as if said at once: the asked slot filled with the answer (and the context), under
     * the reply's event, zone and clock ({@link SkillRequest#withSlot}'s rule).
     */
    public SkillRequest completedWith(String answer, SkillRequest reply) {
        String value = context.isEmpty() ? answer : answer + " " + context;
        Map<String, String> all = new HashMap<>(slots);
        all.put(asked, value);
        return new SkillRequest(new IntentMatch(intent, all, confidence, template), utterance + " / " + value,
                reply.event(), reply.zone(), reply.clock());
    }

    /** Resumed by the skill that owns the intent (the dialogue pipeline finds it), never called directly. */
    @Override
    public java.util.concurrent.CompletableFuture<SkillAnswer> onReply(String answer, SkillRequest reply) {
        throw new IllegalStateException("a PendingQuestion is resumed through Skill.resume by the dialogue pipeline");
    }
}
