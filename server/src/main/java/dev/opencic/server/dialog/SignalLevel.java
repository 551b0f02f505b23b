package dev.opencic.server.dialog;

/**
 * How loud an utterance reached one device: the RMS of its first {@link #WINDOW_MS} of 16-bit
 * little-endian PCM (the start of speech, before a far device's echo or a near device's music
 * change it). Compared between devices that heard the same utterance, for {@code SpeechArbiter}.
 */
final class SignalLevel {

    static final int WINDOW_MS = 1500;
    private static final long WINDOW_SAMPLES = 16L * WINDOW_MS; // 16 kHz mono

    private double sumOfSquares;
    private long samples;
    private int carry = -1; // the low byte of a sample split across two chunks

    /** Adds a chunk of the upload (any length; a sample may be split across chunks). */
    void add(byte[] chunk) {
        int i = 0;
        if (carry >= 0 && chunk.length > 0 && samples < WINDOW_SAMPLES) {
            sample((short) ((chunk[0] << 8) | carry));
            carry = -1;
            i = 1;
        }
        for (; i + 1 < chunk.length && samples < WINDOW_SAMPLES; i += 2) {
            sample((short) ((chunk[i + 1] << 8) | (chunk[i] & 0xff)));
        }
        if (i < chunk.length && samples < WINDOW_SAMPLES) {
            carry = chunk[i] & 0xff;
        }
    }

    private void sample(short s) {
        sumOfSquares += (double) s * s;
        samples++;
    }

    /** Whether the whole window has been measured. */
    boolean complete() {
        return samples >= WINDOW_SAMPLES;
    }

    /** The RMS so far, 0 (silence or no audio) to 32768. */
    double rms() {
        return samples == 0 ? 0 : Math.sqrt(sumOfSquares / samples);
    }
}
