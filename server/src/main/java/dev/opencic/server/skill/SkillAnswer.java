package dev.opencic.server.skill;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What to say and what to show. {@code display} is usually the spoken text itself. An answer that
 * {@link #expectsReply() expects a reply} keeps the dialogue open: the device gets
 * {@code SpeechRecognizer.ExpectSpeech}, and the user's next words under the same dialogRequestId go
 * to the {@link FollowUp} (or, without one, through intent matching as a new request).
 */
public record SkillAnswer(String speech, String display, boolean expectsReply, FollowUp followUp) {
    public SkillAnswer {
        Objects.requireNonNull(speech, "speech");
        Objects.requireNonNull(display, "display");
        if (followUp != null && !expectsReply) {
            throw new IllegalArgumentException("a follow-up needs expectsReply");
        }
    }

    public static SkillAnswer say(String text) {
        return new SkillAnswer(text, text, false, null);
    }

    /** Says the text and listens for the user's answer, which goes through intent matching. */
    public static SkillAnswer ask(String text) {
        return new SkillAnswer(text, text, true, null);
    }

    /** Says the text and hands the user's answer to {@code followUp}. */
    public static SkillAnswer ask(String text, FollowUp followUp) {
        return new SkillAnswer(text, text, true, Objects.requireNonNull(followUp, "followUp"));
    }

    /** Continues a dialogue with the user's reply to a question. */
    @FunctionalInterface
    public interface FollowUp {
        CompletableFuture<SkillAnswer> onReply(String utterance, SkillRequest reply);
    }
}
