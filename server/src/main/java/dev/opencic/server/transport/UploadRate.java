package dev.opencic.server.transport;

import com.linecorp.armeria.common.HttpStatus;
import dev.opencic.server.api.CicException;
import java.util.Locale;

/**
 * How fast an audio part arrives, against real time, not counting the time the server itself held
 * the upload back (backpressure while a recogniser was busy). Used on the request's event loop.
 */
final class UploadRate {

    private final EventLimits limits;
    private long startNanos;
    private long bytes;
    private long heldNanos;
    private long heldSince;

    UploadRate(EventLimits limits) {
        this.limits = limits;
    }

    void start() {
        startNanos = System.nanoTime();
    }

    void received(int n) {
        bytes += n;
    }

    void holding() {
        heldSince = System.nanoTime();
    }

    void resumed() {
        heldNanos += System.nanoTime() - heldSince;
        heldSince = 0;
    }

    /** The {@code 408} to end the upload with when, past the grace, it delivers too little; else null. */
    CicException tooSlow() {
        long now = System.nanoTime();
        long judged = now - startNanos - heldNanos - (heldSince != 0 ? now - heldSince : 0);
        if (judged <= limits.audioRateGrace().toNanos()) {
            return null;
        }
        double seconds = judged / 1e9;
        double rate = bytes / (EventLimits.AUDIO_BYTES_PER_SECOND * seconds);
        if (rate >= limits.minAudioRate()) {
            return null;
        }
        return new CicException(HttpStatus.REQUEST_TIMEOUT, String.format(Locale.ROOT,
                "audio arrived at %.0f%% of real time for %.1f s; send at least %.0f%% "
                        + "(16 kHz 16-bit mono: %d bytes/s) or end the upload",
                rate * 100, seconds, limits.minAudioRate() * 100, EventLimits.AUDIO_BYTES_PER_SECOND));
    }
}
