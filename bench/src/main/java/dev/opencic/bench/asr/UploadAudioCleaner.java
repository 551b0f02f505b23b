package dev.opencic.bench.asr;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * A device-side clean-up of 16 kHz 16-bit little-endian mono PCM before it is uploaded (issue 24):
 * spectral subtraction ({@link Step#DENOISE}) and automatic gain ({@link Step#AGC}), streaming, one
 * instance per recording, written as an SDK option would run it (chunk by chunk, 16 ms of latency).
 * Measured with {@code AsrCorpusBenchmark --preprocess} (docs/benchmarks-asr.md, session 3): it did
 * not earn a place in the SDK (noise suppression broke the server's endpointing in the room and cost
 * accuracy on clean speech; gain changed nothing), so it lives here, ready to be moved if a better
 * suppressor earns one.
 *
 * <p><b>Noise suppression</b>: 32 ms frames (512 samples), half overlapping, square-root Hann windows
 * for analysis and synthesis (their product sums to one, so with no noise the audio passes through).
 * The noise spectrum is the mean of the first {@value #NOISE_FRAMES} frames (about 0.14 s; a device
 * starts recording before the user talks), then follows frames whose energy is within 3 dB of the
 * noise's. Each bin keeps {@code sqrt(max(1 - 2 N/P, 0.01))} of its amplitude (power subtraction,
 * twice the noise, at most 20 dB taken away).
 *
 * <p><b>Automatic gain</b>: brings the loudest recent 32 ms frames (an envelope that rises at once and
 * falls 6 dB a second) to -20 dBFS, with a gain between -10 and +20 dB that moves at most 0.5 dB per
 * frame, so speech is not pumped.
 *
 * <p>Output lags the input by 256 samples (16 ms); {@link #finish()} returns what is still held.
 */
public final class UploadAudioCleaner {

    /** What the cleaner does, in the order it does it: noise suppression first, then gain. */
    public enum Step { DENOISE, AGC }

    private static final int FRAME = 512;
    private static final int HOP = FRAME / 2;
    private static final int BINS = FRAME / 2 + 1;
    private static final int NOISE_FRAMES = 8;
    private static final double OVER_SUBTRACTION = 2.0;
    private static final double MIN_GAIN_POWER = 0.01;
    private static final double TARGET_DB = -20;
    private static final double MIN_AGC_DB = -10;
    private static final double MAX_AGC_DB = 20;
    private static final double AGC_STEP_DB = 0.5;
    private static final double ENVELOPE_FALL_DB = 6.0 * HOP / 16000;

    private static final double[] WINDOW = new double[FRAME];

    static {
        for (int i = 0; i < FRAME; i++) {
            WINDOW[i] = Math.sqrt(0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME));
        }
    }

    private final boolean denoise;
    private final boolean agc;

    /** The last FRAME input samples (the first HOP of them already seen by the previous frame). */
    private final double[] input = new double[FRAME];
    private int inputFill = HOP; // starts with half a frame of zeros, so the first output is aligned
    /** The second half of the previous frame's synthesis, waiting for the next frame's first half. */
    private final double[] overlap = new double[HOP];
    private final double[] noise = new double[BINS];
    private int noiseFrames;
    private double noiseEnergy;
    private double envelopeDb = -120;
    private double gainDb;
    private int pendingByte = -1;
    private long samplesIn;
    private long samplesOut;
    private int leadToSkip = HOP;
    private boolean finishing;

    public UploadAudioCleaner(Set<Step> steps) {
        this.denoise = steps.contains(Step.DENOISE);
        this.agc = steps.contains(Step.AGC);
    }

    /** Parses "agc,denoise" (either, both, or "none"); throws IllegalArgumentException naming the bad one. */
    public static Set<Step> parse(String steps) {
        java.util.EnumSet<Step> set = java.util.EnumSet.noneOf(Step.class);
        for (String s : steps.split(",")) {
            String name = s.strip().toUpperCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("NONE")) {
                continue;
            }
            try {
                set.add(Step.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown audio clean-up step '" + s.strip() + "' (expected: agc, denoise)");
            }
        }
        return set;
    }

    /** Cleans a chunk of PCM; returns the cleaned audio available so far (possibly empty). */
    public byte[] process(byte[] pcm, int off, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + FRAME);
        int i = off;
        int end = off + len;
        if (pendingByte >= 0 && i < end) {
            push((short) ((pcm[i++] << 8) | pendingByte), out);
            pendingByte = -1;
        }
        for (; i + 1 < end; i += 2) {
            push((short) ((pcm[i + 1] << 8) | (pcm[i] & 0xff)), out);
        }
        if (i < end) {
            pendingByte = pcm[i] & 0xff;
        }
        return out.toByteArray();
    }

    /** The audio still held, processed with zeros after it; the cleaner is done after this. */
    public byte[] finish() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(FRAME * 2);
        finishing = true;
        while (samplesOut < samplesIn) {
            pushSample(0, out);
        }
        return out.toByteArray();
    }

    private void push(short sample, ByteArrayOutputStream out) {
        samplesIn++;
        pushSample(sample, out);
    }

    private void pushSample(double sample, ByteArrayOutputStream out) {
        input[inputFill++] = sample;
        if (inputFill == FRAME) {
            writeSamples(frameOut(), out);
            System.arraycopy(input, HOP, input, 0, HOP);
            inputFill = HOP;
        }
    }

    /** Windows, cleans and overlap-adds the current frame; returns the HOP samples now complete. */
    private double[] frameOut() {
        double[] re = new double[FRAME];
        double[] im = new double[FRAME];
        for (int i = 0; i < FRAME; i++) {
            re[i] = input[i] * WINDOW[i];
        }
        if (denoise) {
            Fft.transform(re, im, false);
            suppress(re, im);
            Fft.transform(re, im, true);
        }
        double[] done = new double[HOP];
        for (int i = 0; i < HOP; i++) {
            done[i] = overlap[i] + re[i] * WINDOW[i];
            overlap[i] = re[i + HOP] * WINDOW[i + HOP];
        }
        if (agc) {
            applyGain(done);
        }
        return done;
    }

    private void suppress(double[] re, double[] im) {
        double[] power = new double[BINS];
        double energy = 0;
        for (int k = 0; k < BINS; k++) {
            power[k] = re[k] * re[k] + im[k] * im[k];
            energy += power[k];
        }
        if (noiseFrames < NOISE_FRAMES) {
            for (int k = 0; k < BINS; k++) {
                noise[k] += power[k] / NOISE_FRAMES;
            }
            noiseEnergy += energy / NOISE_FRAMES;
            noiseFrames++;
            return; // the lead: passed through while the noise is learnt
        }
        if (energy < 2 * noiseEnergy) {
            double e = 0;
            for (int k = 0; k < BINS; k++) {
                noise[k] = 0.95 * noise[k] + 0.05 * power[k];
                e += noise[k];
            }
            noiseEnergy = e;
        }
        for (int k = 0; k < BINS; k++) {
            double g = power[k] > 0 ? Math.sqrt(Math.max(1 - OVER_SUBTRACTION * noise[k] / power[k], MIN_GAIN_POWER)) : 1;
            re[k] *= g;
            im[k] *= g;
            if (k > 0 && k < FRAME / 2) {
                re[FRAME - k] *= g;
                im[FRAME - k] *= g;
            }
        }
    }

    private void applyGain(double[] hop) {
        double sum = 0;
        for (double s : hop) {
            sum += s * s;
        }
        double rms = Math.sqrt(sum / hop.length) / 32768.0;
        double db = rms > 0 ? 20 * Math.log10(rms) : -120;
        envelopeDb = Math.max(db, envelopeDb - ENVELOPE_FALL_DB);
        if (envelopeDb > -60) { // only speech-like levels steer the gain; silence keeps it
            double wanted = Math.max(MIN_AGC_DB, Math.min(MAX_AGC_DB, TARGET_DB - envelopeDb));
            gainDb += Math.max(-AGC_STEP_DB, Math.min(AGC_STEP_DB, wanted - gainDb));
        }
        double g = Math.pow(10, gainDb / 20);
        for (int i = 0; i < hop.length; i++) {
            hop[i] *= g;
        }
    }

    /** Writes a hop's samples, without the half frame of zeros the stream started with or, when finishing, the padding. */
    private void writeSamples(double[] samples, ByteArrayOutputStream out) {
        for (double sample : samples) {
            if (leadToSkip > 0) {
                leadToSkip--;
                continue;
            }
            if (finishing && samplesOut >= samplesIn) {
                return;
            }
            int s = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sample)));
            out.write(s & 0xff);
            out.write((s >> 8) & 0xff);
            samplesOut++;
        }
    }
}
