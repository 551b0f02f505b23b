package dev.opencic.server.transport;

import dev.opencic.server.admission.Stage;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What bounds the work one {@code /v1/events} request may cause: the stages its work runs on, how
 * many spoken requests one device may have at once, and how slowly audio may trickle in.
 *
 * @param intent           intent matching and skill work (the handler's {@code blockingExecutor})
 * @param synthesis        producing reply attachments (speech synthesis)
 * @param speakingEvents   {@code Namespace.Name} of events answered with speech: they are admitted to
 *                         {@code synthesis} before their handler runs, so a full synthesis stage
 *                         refuses them before anything changed
 * @param spokenPerDevice  concurrent audio events (spoken requests) per device
 * @param minAudioRate     the least audio per second of upload, as a share of real time (16 kHz,
 *                         16-bit mono: 32,000 bytes/s); 0 turns the check off
 * @param audioRateGrace   how long an upload may start slowly before its rate is judged
 */
public record EventLimits(Stage intent, Stage synthesis, Set<String> speakingEvents, int spokenPerDevice,
                          double minAudioRate, Duration audioRateGrace) {

    /** Bytes per second of real-time audio in the one format the reference allows. */
    static final int AUDIO_BYTES_PER_SECOND = 32_000;

    public EventLimits {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(synthesis, "synthesis");
        speakingEvents = Set.copyOf(speakingEvents);
        if (spokenPerDevice < 1) {
            throw new IllegalArgumentException("spokenPerDevice: " + spokenPerDevice + " (expected >= 1)");
        }
        if (minAudioRate < 0 || minAudioRate > 1) {
            throw new IllegalArgumentException("minAudioRate: " + minAudioRate + " (expected 0..1)");
        }
        Objects.requireNonNull(audioRateGrace, "audioRateGrace");
    }
}
