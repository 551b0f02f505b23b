package dev.opencic.server.dialog;

import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Words that name who should answer them before any intent is matched: "open space facts", "ask
 * space facts about mars" go to that extension, whatever built-in template they resemble. A claim
 * sees the request without an intent ({@link SkillRequest#intent()} is null) and answers it, or
 * leaves it (empty) to the intent matcher. Added with {@link IntentPipeline#claimFirst}.
 */
@FunctionalInterface
public interface UtteranceClaim {

    Optional<CompletableFuture<SkillAnswer>> claim(SkillRequest request);

    /**
     * A follow-up that must hear when its dialogue ends without a reply for it ("stop", "cancel"
     * while it waits for the user's answer, or the device's ExpectSpeechTimedOut): an extension's
     * open session is told it ended.
     */
    interface CancellableFollowUp extends SkillAnswer.FollowUp {
        void cancelled();
    }
}
