package dev.opencic.server.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.skill.SkillAnswer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Dialogues waiting for the user's reply, by device, found by either rule of the reference: the
 * 2017 one (the reply comes under the question's dialogRequestId) or the 2018 one (its payload's
 * {@code speechId} is the {@code ExpectSpeech}'s {@code expectSpeechId}, whatever its
 * dialogRequestId). An entry lives {@link #WINDOW} (a little longer than the device's listening
 * timeout); the device's {@code ExpectSpeechTimedOut}, a reply, or the expiry ends it.
 *
 * <p>{@link LocalDialogSessions} keeps them in this process; in cluster mode
 * {@code cluster.RedisDialogSessions} keeps those whose follow-up is data (a skill's
 * {@code PendingQuestion}, a {@link Confirmation}, or none) in Redis, so the answer may arrive on
 * any node. Methods answer through futures: a Redis round trip must not block the caller.
 */
public interface DialogSessions {

    /** How long a question waits for its answer. */
    Duration WINDOW = IntentPipeline.LISTEN_TIMEOUT.plusSeconds(30);

    /** What the dialogue waits for: the id the device echoes back, and who handles the reply. */
    record Pending(String expectSpeechId, SkillAnswer.FollowUp followUp) {}

    /** Starts waiting; completes once the dialogue can be found (by any node, in cluster mode). */
    CompletableFuture<Void> expect(DeviceIdentity device, String dialogRequestId, Pending pending);

    /**
     * Takes (and so ends) the dialogue the request answers: the one whose {@code expectSpeechId} is
     * {@code speechId}, else the one waiting under {@code dialogRequestId}. Never completes exceptionally.
     */
    CompletableFuture<Optional<Pending>> take(DeviceIdentity device, String dialogRequestId, String speechId);

    /** Ends a waiting dialogue without a reply (the device stopped listening); true if one was waiting. */
    default CompletableFuture<Boolean> end(DeviceIdentity device, String dialogRequestId) {
        return take(device, dialogRequestId, null).thenApply(ended -> {
            if (ended.isPresent() && ended.get().followUp() instanceof UtteranceClaim.CancellableFollowUp f) {
                f.cancelled(); // an extension's session hears that it ended
            }
            return ended.isPresent();
        });
    }

    /** The {@code speechId} of a {@code Recognize} payload (text or speech), or null. */
    static String speechIdOf(EventRequest request) {
        JsonNode id = request.event().payload().get("speechId");
        return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
    }
}
