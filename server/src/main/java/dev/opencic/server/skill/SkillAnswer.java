package dev.opencic.server.skill;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.payload.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What to say, what to show and what the device should do. {@code display} is usually the spoken
 * text itself; a {@code template} (a {@code Clova.RenderTemplate} payload, e.g. an alarm list)
 * replaces the plain {@code Clova.RenderText}. {@code directives} follow the Speak in order (an
 * {@code Alerts.SetAlert}, the {@code AudioPlayer.Play} queue), as the reference's sequence diagram
 * shows. An answer that {@link #expectsReply() expects a reply} keeps the dialogue open: the device
 * gets {@code SpeechRecognizer.ExpectSpeech}, and the user's next words under the same
 * dialogRequestId go to the {@link FollowUp} (or, without one, through intent matching as a new
 * request).
 */
public record SkillAnswer(String speech, String display, boolean expectsReply, FollowUp followUp,
                          Payload template, List<Directive> directives) {
    public SkillAnswer {
        Objects.requireNonNull(speech, "speech");
        Objects.requireNonNull(display, "display");
        directives = List.copyOf(directives);
        if (followUp != null && !expectsReply) {
            throw new IllegalArgumentException("a follow-up needs expectsReply");
        }
    }

    public SkillAnswer(String speech, String display, boolean expectsReply, FollowUp followUp) {
        this(speech, display, expectsReply, followUp, null, List.of());
    }

    /**
     * The skill declines the words its intent matched: they are not for it after all (the
     * household's "... in the X" when X is neither a room nor a device of the account). The dialogue
     * matches them again among the other intents. Compared by identity.
     */
    public static final SkillAnswer NOT_MINE = new SkillAnswer("", "", false, null);

    public static SkillAnswer say(String text) {
        return new SkillAnswer(text, text, false, null);
    }

    /**
     * Does what the directives say without a spoken answer, only {@code display} as text: the later
     * reference edition's way for speaker controls, so that a voice does not talk over the music.
     */
    public static SkillAnswer silently(String display, Directive... directives) {
        return new SkillAnswer("", display, false, null, null, List.of(directives));
    }

    /** Says the text and listens for the user's answer, which goes through intent matching. */
    public static SkillAnswer ask(String text) {
        return new SkillAnswer(text, text, true, null);
    }

    /** Says the text and hands the user's answer to {@code followUp}. */
    public static SkillAnswer ask(String text, FollowUp followUp) {
        return new SkillAnswer(text, text, true, Objects.requireNonNull(followUp, "followUp"));
    }

    /**
     * Asks for information the request lacks ("For what time?"). The user's reply, under the same
     * dialogRequestId, becomes the {@code slot}'s value and the skill owning the request's intent
     * ({@code skill}) answers the completed request; "cancel" or "never mind" ends the dialogue
     * instead (see the dialogue pipeline). The question is data ({@link PendingQuestion}), so the
     * answer may arrive on another cluster node.
     */
    public static SkillAnswer askFor(String question, String slot, SkillRequest request, Skill skill) {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(request.intent(), "request.intent()");
        Objects.requireNonNull(skill, "skill");
        return ask(question, PendingQuestion.of(request, slot));
    }

    /** This answer, shown with a {@code Clova.RenderTemplate} payload instead of plain text. */
    public SkillAnswer withTemplate(Payload renderTemplatePayload) {
        return new SkillAnswer(speech, display, expectsReply, followUp,
                Objects.requireNonNull(renderTemplatePayload, "renderTemplatePayload"), directives);
    }

    /**
     * This answer, with a content template shown after its text ({@code Clova.RenderText} stays, for
     * devices that show only text): the later reference's single-item templates (the alarm just set,
     * the memo just saved), the 2018 lists beside the 2017 list directives, help cards. The
     * {@code Clova.RenderTemplate} follows the directives added so far (so a device that acts on
     * {@code Alerts.SetAlert} or {@code Clova.AddMemo} has done so before it shows the card).
     */
    public SkillAnswer alsoShowing(Payload template, String dialogRequestId) {
        return withDirectives(Directive.of(dev.opencic.protocol.Namespaces.CLOVA, "RenderTemplate", dialogRequestId,
                Objects.requireNonNull(template, "template")));
    }

    /** This answer, followed by more directives (after the Speak, in the given order). */
    public SkillAnswer withDirectives(Directive... more) {
        List<Directive> all = new ArrayList<>(directives);
        all.addAll(List.of(more));
        return new SkillAnswer(speech, display, expectsReply, followUp, template, all);
    }

    public CompletableFuture<SkillAnswer> done() {
        return CompletableFuture.completedFuture(this);
    }

    /** Continues a dialogue with the user's reply to a question. */
    @FunctionalInterface
    public interface FollowUp {
        CompletableFuture<SkillAnswer> onReply(String utterance, SkillRequest reply);
    }
}
