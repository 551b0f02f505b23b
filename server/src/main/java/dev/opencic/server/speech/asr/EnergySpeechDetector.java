package dev.opencic.server.speech.asr;

import java.util.Arrays;

/**
 * The engine's own energy-over-floor speech detector (issue 24): finds where the talker starts in
 * a stream that begins with noise, so the decoder can start its utterance again there, and,
 * optionally, where the talker stops, in place of PocketSphinx's detector.
 *
 * <p>Why: in a room the noise before the talker became an invented "if" / "thigh" at the start of
 * nearly every hypothesis. PocketSphinx's detector has no noise estimate at the start of a stream
 * and calls the first 0.1–0.8 s of steady noise speech; those frames stay in the utterance's search.
 * And its frame dropping ({@code -remove_silence}) loses speech frames inside an utterance in noise.
 *
 * <p>How: the floor is the quietest 10 ms frame so far. The onset is the first of {@code frames}
 * consecutive frames at least {@code onsetMarginDb} above it, once {@code minLeadMillis} of audio
 * have given the floor something to stand on (speech at the very start of a stream needs no
 * restart: there is no lead noise to forget). At most one onset per stream; with it comes the audio
 * from {@code prerollMillis} before it to the end of the current chunk, which the session decodes
 * again in a fresh utterance (the stream, and so PocketSphinx's noise estimate, kept). After the
 * onset, speech lasts until {@code hangoverMillis} pass with every frame below floor +
 * {@code endMarginDb}.
 */
final class EnergySpeechDetector {

    private static final int FRAME_SAMPLES = 160; // 10 ms at 16 kHz
    private static final double SILENCE_DB = -120;

    private final long minLeadSamples;
    private final int prerollSamples;
    private final double onsetMarginDb;
    private final int frames;
    private final double endMarginDb;
    private final int hangoverFrames;

    /** The stream's most recent samples (at least the pre-roll plus the current chunk), until the onset. */
    private short[] history = new short[0];
    /** Stream position of {@code history[0]}. */
    private long historyStart;
    private long streamSamples;
    private double floorDb = Double.POSITIVE_INFINITY;
    private double frameEnergy;
    private int frameFill;
    private int loudRun;
    private long runStart;
    private boolean onsetSeen;
    private boolean inSpeech;
    private int quietRun;

    EnergySpeechDetector(long minLeadMillis, long prerollMillis, double onsetMarginDb, int frames,
            double endMarginDb, long hangoverMillis) {
        this.minLeadSamples = minLeadMillis * 16;
        this.prerollSamples = (int) (prerollMillis * 16);
        this.onsetMarginDb = onsetMarginDb;
        this.frames = frames;
        this.endMarginDb = endMarginDb;
        this.hangoverFrames = (int) (hangoverMillis / 10);
    }

    /**
     * The settings measured in issue 24 (docs/benchmarks-asr.md, session 3): a floor from 150 ms of
     * lead, an onset of 3 frames 12 dB above it with 300 ms before it decoded again, and speech ending
     * after 300 ms (as {@code -vad_postspeech 30}) with every frame under floor + 8 dB.
     */
    static EnergySpeechDetector measured() {
        return new EnergySpeechDetector(150, 300, 12, 3, 8, 300);
    }

    /**
     * Accounts for one chunk (already decoded). Returns the samples to decode again in a new
     * utterance when the onset is in this chunk and came after a lead, else null.
     */
    short[] accept(short[] samples, int n) {
        if (!onsetSeen) {
            remember(samples, n);
        }
        long onset = -1;
        for (int i = 0; i < n; i++) {
            double s = samples[i];
            frameEnergy += s * s;
            if (++frameFill < FRAME_SAMPLES) {
                continue;
            }
            long frameStart = streamSamples + i + 1 - FRAME_SAMPLES;
            double rms = Math.sqrt(frameEnergy / FRAME_SAMPLES) / 32768.0;
            double db = rms <= 0 ? SILENCE_DB : Math.max(SILENCE_DB, 20 * Math.log10(rms));
            frameEnergy = 0;
            frameFill = 0;
            if (db >= floorDb + onsetMarginDb) {
                if (loudRun++ == 0) {
                    runStart = frameStart;
                }
                if (loudRun >= frames && !inSpeech) {
                    inSpeech = true;
                    quietRun = 0;
                    if (!onsetSeen) {
                        onsetSeen = true;
                        onset = runStart;
                    }
                }
            } else {
                loudRun = 0;
                floorDb = Math.min(floorDb, db);
            }
            if (inSpeech) {
                quietRun = db < floorDb + endMarginDb ? quietRun + 1 : 0;
                if (quietRun >= hangoverFrames) {
                    inSpeech = false;
                }
            }
        }
        streamSamples += n;
        if (onset < 0 || history == null) {
            return null;
        }
        short[] kept = history;
        history = null;
        if (onset < minLeadSamples) {
            return null; // speech from the start: nothing before it to forget
        }
        long from = Math.max(historyStart, onset - prerollSamples);
        return Arrays.copyOfRange(kept, (int) (from - historyStart), kept.length);
    }

    /** Whether the talker is speaking at the end of the last chunk, by this detector. */
    boolean inSpeech() {
        return inSpeech;
    }

    /** Appends the chunk to the history, dropping what is older than the pre-roll needs. */
    private void remember(short[] samples, int n) {
        int keep = prerollSamples + n + FRAME_SAMPLES * (frames + 1);
        int kept = Math.min(history.length, Math.max(0, keep - n));
        short[] next = new short[kept + n];
        System.arraycopy(history, history.length - kept, next, 0, kept);
        System.arraycopy(samples, 0, next, kept, n);
        historyStart += history.length - kept;
        history = next;
    }
}
