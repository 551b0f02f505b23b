package dev.opencic.server.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.skill.SkillAnswer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Dialogues waiting for the user's reply, by device, found by either rule of the reference: the
 * 2017 one (the reply comes under the question's dialogRequestId) or the 2018 one (its payload's
 * {@code speechId} is the {@code ExpectSpeech}'s {@code expectSpeechId}, whatever its
 * dialogRequestId). An entry lives a little longer than the device's listening timeout; the
 * device's {@code ExpectSpeechTimedOut}, a reply, or the expiry ends it.
 */
public final class DialogSessions {

    /** What the dialogue waits for: the id the device echoes back, and who handles the reply. */
    public record Pending(String expectSpeechId, SkillAnswer.FollowUp followUp) {}

    /** One dialogue is stored under two keys: {@code d:<dialogRequestId>} and {@code s:<expectSpeechId>}. */
    private record Key(DeviceIdentity device, String id) {}

    private record Entry(String dialogRequestId, Pending pending) {}

    private final Cache<Key, Entry> pending;

    public DialogSessions(Duration listenTimeout, Clock clock) {
        // Expiry follows the server's clock, so a test can let a dialogue lapse without waiting for it.
        this.pending = Caffeine.newBuilder().ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(listenTimeout.plusSeconds(30))
                .maximumSize(200_000).build();
    }

    void expect(DeviceIdentity device, String dialogRequestId, Pending p) {
        Entry e = new Entry(dialogRequestId, p);
        pending.put(new Key(device, "d:" + dialogRequestId), e);
        if (p.expectSpeechId() != null) {
            pending.put(new Key(device, "s:" + p.expectSpeechId()), e);
        }
    }

    /** Takes (and so ends) the dialogue waiting under this dialogRequestId, if there is one. */
    Optional<Pending> take(DeviceIdentity device, String dialogRequestId) {
        return take(device, dialogRequestId, null);
    }

    /**
     * Takes (and so ends) the dialogue the request answers: the one whose {@code expectSpeechId} is
     * {@code speechId}, else the one waiting under {@code dialogRequestId}.
     */
    Optional<Pending> take(DeviceIdentity device, String dialogRequestId, String speechId) {
        Entry e = speechId == null ? null : pending.asMap().remove(new Key(device, "s:" + speechId));
        if (e == null && dialogRequestId != null) {
            e = pending.asMap().remove(new Key(device, "d:" + dialogRequestId));
        }
        if (e == null) {
            return Optional.empty();
        }
        // Remove the other key only if it still names this dialogue (a newer question may reuse the id).
        pending.asMap().remove(new Key(device, "d:" + e.dialogRequestId()), e);
        if (e.pending().expectSpeechId() != null) {
            pending.asMap().remove(new Key(device, "s:" + e.pending().expectSpeechId()), e);
        }
        return Optional.of(e.pending());
    }

    /** Ends a waiting dialogue without a reply (the device stopped listening). */
    public boolean end(DeviceIdentity device, String dialogRequestId) {
        Optional<Pending> ended = take(device, dialogRequestId);
        if (ended.isPresent() && ended.get().followUp() instanceof UtteranceClaim.CancellableFollowUp f) {
            f.cancelled(); // an extension's session hears that it ended
        }
        return ended.isPresent();
    }

    /** The {@code speechId} of a {@code Recognize} payload (text or speech), or null. */
    static String speechIdOf(EventRequest request) {
        JsonNode id = request.event().payload().get("speechId");
        return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
    }
}
