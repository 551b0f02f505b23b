package dev.opencic.server.speech.asr;

/**
 * Turns the decoder's voice-activity state, read after every chunk, into "speech started" and
 * "end of speech" events, ignoring the detector's false trigger at the start of a stream.
 *
 * <p>PocketSphinx's detector estimates the noise level as it goes; during the first 0.1–1 s of a
 * stream it reports speech on steady noise (measured: -35 dBFS white noise is "speech" from 0.11 to
 * 0.77 s, then never again). A speech segment that starts after the warm-up is trusted as it is. A
 * segment that starts within the warm-up counts as real speech only once its loudest 10 ms frame
 * is at least {@code marginDb} above the quietest frame of the stream so far: steady noise varies
 * by a dB or two, speech by tens of dB. Only real segments raise events; the first real segment's
 * end is the end of speech.
 */
final class SpeechActivityTracker {

    private static final int FRAME_SAMPLES = 160; // 10 ms at 16 kHz
    private static final double SILENCE_DB = -120;

    private final long warmupMillis;
    private final double marginDb;

    private double floorDb = Double.POSITIVE_INFINITY;
    private double frameEnergy;
    private int frameFill;
    private boolean wasInSpeech;
    private boolean segmentReal;
    private double segmentPeakDb = Double.NEGATIVE_INFINITY;
    private long segmentStartMillis;
    private boolean started;
    private boolean ended;

    /** The events of one chunk. */
    record Events(boolean speechStarted, boolean endOfSpeech) {}

    SpeechActivityTracker(long warmupMillis, double marginDb) {
        this.warmupMillis = warmupMillis;
        this.marginDb = marginDb;
    }

    /**
     * Accounts for one chunk.
     *
     * @param samples the chunk's samples, already decoded
     * @param chunkStartMillis audio time at the start of the chunk
     * @param inSpeech the detector's state after the chunk
     */
    Events update(short[] samples, int n, long chunkStartMillis, boolean inSpeech) {
        double chunkPeak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = samples[i];
            frameEnergy += s * s;
            if (++frameFill == FRAME_SAMPLES) {
                double rms = Math.sqrt(frameEnergy / FRAME_SAMPLES) / 32768.0;
                double db = rms <= 0 ? SILENCE_DB : Math.max(SILENCE_DB, 20 * Math.log10(rms));
                floorDb = Math.min(floorDb, db);
                chunkPeak = Math.max(chunkPeak, db);
                frameEnergy = 0;
                frameFill = 0;
            }
        }
        boolean speechStarted = false;
        boolean endOfSpeech = false;
        if (inSpeech || wasInSpeech) {
            if (!wasInSpeech) {
                segmentStartMillis = chunkStartMillis;
                segmentPeakDb = Double.NEGATIVE_INFINITY;
                segmentReal = chunkStartMillis >= warmupMillis;
            }
            segmentPeakDb = Math.max(segmentPeakDb, chunkPeak);
            if (!segmentReal && segmentPeakDb - floorDb >= marginDb) {
                segmentReal = true;
            }
            if (segmentReal && !started) {
                started = true;
                speechStarted = true;
            }
            if (!inSpeech && segmentReal && !ended) {
                ended = true;
                endOfSpeech = true;
            }
        }
        wasInSpeech = inSpeech;
        return new Events(speechStarted, endOfSpeech);
    }

    /**
     * Forgets the detector's current segment, after the decoder started its utterance again
     * ({@link EnergySpeechDetector}): the new utterance's detector state starts outside speech.
     */
    void utteranceRestarted() {
        wasInSpeech = false;
        segmentPeakDb = Double.NEGATIVE_INFINITY;
    }

    /** Whether real speech was seen. */
    boolean speechDetected() {
        return started;
    }

    boolean ended() {
        return ended;
    }

    long segmentStartMillis() {
        return segmentStartMillis;
    }
}
