package dev.opencic.server.dialog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.skill.SkillAnswer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Dialogues waiting for the user's reply, by device and dialogRequestId. An entry lives a little
 * longer than the device's listening timeout; the device's {@code ExpectSpeechTimedOut}, a reply,
 * or the expiry ends it.
 */
public final class DialogSessions {

    /** What the dialogue waits for: the id the device echoes back, and who handles the reply. */
    public record Pending(String expectSpeechId, SkillAnswer.FollowUp followUp) {}

    private record Key(DeviceIdentity device, String dialogRequestId) {}

    private final Cache<Key, Pending> pending;

    public DialogSessions(Duration listenTimeout, Clock clock) {
        // Expiry follows the server's clock, so a test can let a dialogue lapse without waiting for it.
        this.pending = Caffeine.newBuilder().ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(listenTimeout.plusSeconds(30))
                .maximumSize(100_000).build();
    }

    void expect(DeviceIdentity device, String dialogRequestId, Pending p) {
        pending.put(new Key(device, dialogRequestId), p);
    }

    /** Takes (and so ends) the waiting dialogue, if there is one. */
    Optional<Pending> take(DeviceIdentity device, String dialogRequestId) {
        if (dialogRequestId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(pending.asMap().remove(new Key(device, dialogRequestId)));
    }

    /** Ends a waiting dialogue without a reply (the device stopped listening). */
    public boolean end(DeviceIdentity device, String dialogRequestId) {
        return take(device, dialogRequestId).isPresent();
    }
}
