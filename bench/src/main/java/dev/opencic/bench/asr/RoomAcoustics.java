package dev.opencic.bench.asr;

import java.util.Random;

/**
 * The signal processing behind {@link RoomCorpusGenerator}, in plain Java (no sox, nothing
 * downloaded): synthetic room impulse responses, FFT convolution, pink noise, synthesised music,
 * windowed-sinc resampling and mixing at a given signal-to-noise ratio. Every random choice comes
 * from the {@link Random} passed in, so a seed gives the same audio on every machine. Samples are
 * doubles in [-1, 1] at 16 kHz.
 */
final class RoomAcoustics {

    static final int RATE = 16_000;

    private RoomAcoustics() {}

    /**
     * A room impulse response: the direct sound (1 at t = 0), a few early reflections in the first
     * 30 ms, then a diffuse tail of Gaussian noise whose energy falls 60 dB in {@code rt60Seconds},
     * slightly low-passed (walls and air absorb high frequencies first). The reflections and tail are
     * scaled so that direct / reverberant energy is {@code drrDb}: how far the talker stands from
     * the device (a few dB near, below 0 dB across a room).
     */
    static double[] impulseResponse(double rt60Seconds, double drrDb, Random random) {
        int length = (int) Math.round(1.2 * rt60Seconds * RATE);
        double[] h = new double[length];
        int tailStart = (int) (0.005 * RATE);
        double decayPerSample = Math.pow(10, -3.0 / (rt60Seconds * RATE)); // amplitude: -60 dB over rt60
        double lowpassed = 0;
        for (int i = tailStart; i < length; i++) {
            lowpassed = 0.6 * random.nextGaussian() + 0.4 * lowpassed;
            h[i] = lowpassed * Math.pow(decayPerSample, i);
        }
        for (int r = 0; r < 6; r++) {
            int at = tailStart + random.nextInt((int) (0.025 * RATE));
            h[at] += (random.nextBoolean() ? 1 : -1) * (0.3 + 0.4 * random.nextDouble()) * Math.pow(decayPerSample, at);
        }
        double reverberant = 0;
        for (int i = 1; i < length; i++) {
            reverberant += h[i] * h[i];
        }
        double scale = Math.sqrt(Math.pow(10, -drrDb / 10) / reverberant);
        for (int i = 1; i < length; i++) {
            h[i] *= scale;
        }
        h[0] = 1;
        return h;
    }

    /** {@code x} convolved with {@code h} (length x + h - 1), through the FFT. */
    static double[] convolve(double[] x, double[] h) {
        int outLength = x.length + h.length - 1;
        int n = Integer.highestOneBit(Math.max(1, outLength - 1)) << 1;
        double[] xr = new double[n], xi = new double[n], hr = new double[n], hi = new double[n];
        System.arraycopy(x, 0, xr, 0, x.length);
        System.arraycopy(h, 0, hr, 0, h.length);
        Fft.transform(xr, xi, false);
        Fft.transform(hr, hi, false);
        for (int k = 0; k < n; k++) {
            double re = xr[k] * hr[k] - xi[k] * hi[k];
            double im = xr[k] * hi[k] + xi[k] * hr[k];
            xr[k] = re;
            xi[k] = im;
        }
        Fft.transform(xr, xi, true); // scaled by 1/n
        double[] y = new double[outLength];
        System.arraycopy(xr, 0, y, 0, outLength);
        return y;
    }

    /** Pink (1/f) noise, Paul Kellet's filter over white Gaussian noise; unit-free, scaled by the mixer. */
    static double[] pinkNoise(int length, Random random) {
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            double white = random.nextGaussian();
            b0 = 0.99886 * b0 + white * 0.0555179;
            b1 = 0.99332 * b1 + white * 0.0750759;
            b2 = 0.96900 * b2 + white * 0.1538520;
            b3 = 0.86650 * b3 + white * 0.3104856;
            b4 = 0.55000 * b4 + white * 0.5329522;
            b5 = -0.7616 * b5 - white * 0.0168980;
            out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362;
            b6 = white * 0.115926;
        }
        return out;
    }

    /**
     * Background music, synthesised: a four-chord progression in a random key (three notes with
     * decaying harmonics per beat), a bass note, a random melody from the major scale on every
     * half beat, a kick drum on beats one and three and a hi-hat on the off-beats, at 100-130 bpm.
     * Tonal, rhythmic and wide-band like a radio in the room, and nothing to license.
     */
    static double[] music(int length, Random random) {
        double[] out = new double[length];
        int key = random.nextInt(12);
        int[][] progression = {{0, 4, 7}, {7, 11, 14}, {9, 12, 16}, {5, 9, 12}}; // I V vi IV
        int[] scale = {0, 2, 4, 5, 7, 9, 11, 12};
        int beat = (int) (RATE * 60.0 / (100 + random.nextInt(31)));
        for (int start = 0, b = 0; start < length; start += beat, b++) {
            int[] chord = progression[(b / 4) % 4];
            for (int note : chord) {
                tone(out, start, beat, 220 * semitones(key + note), 0.12, 4);
            }
            tone(out, start, beat, 55 * semitones(key + chord[0]), 0.25, 3);
            for (int half = 0; half < 2; half++) {
                tone(out, start + half * beat / 2, beat / 2, 440 * semitones(key + scale[random.nextInt(scale.length)]), 0.15, 5);
            }
            if (b % 2 == 0) {
                for (int i = 0; i < beat / 3 && start + i < length; i++) {
                    double t = (double) i / RATE;
                    out[start + i] += 0.5 * Math.sin(2 * Math.PI * (50 + 60 * Math.exp(-t * 30)) * t) * Math.exp(-t * 18);
                }
            }
            int hat = start + beat / 2;
            for (int i = 0; i < beat / 8 && hat + i < length; i++) {
                out[hat + i] += 0.08 * random.nextGaussian() * Math.exp(-i / (0.01 * RATE));
            }
        }
        return out;
    }

    private static double semitones(int n) {
        return Math.pow(2, n / 12.0);
    }

    private static void tone(double[] out, int start, int length, double hz, double amplitude, int harmonics) {
        for (int i = 0; i < length && start + i < out.length; i++) {
            double t = (double) i / RATE, v = 0;
            for (int k = 1; k <= harmonics && k * hz < RATE / 2.0; k++) {
                v += Math.sin(2 * Math.PI * k * hz * t) / k;
            }
            out[start + i] += amplitude * v * Math.exp(-3.0 * i / length) * Math.min(1, i / 80.0);
        }
    }

    /**
     * {@code x} played {@code speed} times faster (length / speed; pitch and formants × speed, as a
     * tape), by windowed-sinc interpolation, low-passed below the new Nyquist when speeding up.
     */
    static double[] resample(double[] x, double speed) {
        int outLength = (int) Math.floor(x.length / speed);
        double cutoff = Math.min(1.0, 1.0 / speed);
        int half = 16;
        double[] y = new double[outLength];
        for (int k = 0; k < outLength; k++) {
            double pos = k * speed;
            int centre = (int) Math.floor(pos);
            double sum = 0;
            for (int j = centre - half + 1; j <= centre + half; j++) {
                if (j < 0 || j >= x.length) {
                    continue;
                }
                double d = pos - j;
                double window = 0.5 + 0.5 * Math.cos(Math.PI * d / half);
                double arg = Math.PI * d * cutoff;
                double sinc = Math.abs(arg) < 1e-9 ? 1 : Math.sin(arg) / arg;
                sum += x[j] * cutoff * sinc * window;
            }
            y[k] = sum;
        }
        return y;
    }

    /** Mean power of {@code x} over [from, to). */
    static double power(double[] x, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, from); i < Math.min(x.length, to); i++) {
            sum += x[i] * x[i];
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    /**
     * Adds {@code noise} (as long as {@code signal} or longer) scaled so that the signal's power over
     * [speechFrom, speechTo) is {@code snrDb} above the noise's mean power over the whole signal.
     */
    static void addAtSnr(double[] signal, double[] noise, double snrDb, int speechFrom, int speechTo) {
        double speechPower = power(signal, speechFrom, speechTo);
        double noisePower = power(noise, 0, signal.length);
        double gain = Math.sqrt(speechPower / (noisePower * Math.pow(10, snrDb / 10)));
        for (int i = 0; i < signal.length; i++) {
            signal[i] += gain * noise[i];
        }
    }

    static double[] toDouble(short[] s) {
        double[] d = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            d[i] = s[i] / 32768.0;
        }
        return d;
    }

    /** To 16-bit, scaled down as a whole if it would clip (peak at most -1 dBFS). */
    static short[] toPcm(double[] d) {
        double peak = 0;
        for (double v : d) {
            peak = Math.max(peak, Math.abs(v));
        }
        double scale = peak > 0.89 ? 0.89 / peak : 1;
        short[] s = new short[d.length];
        for (int i = 0; i < d.length; i++) {
            s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(d[i] * scale * 32768)));
        }
        return s;
    }
}
