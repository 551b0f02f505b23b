package dev.opencic.bench.asr;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sounds with no words in them for the reject set: white and brown noise, mains hum and clicks at a
 * given level ("hum 50 Hz -30 dBFS"), 2 s at 16 kHz; and speech played backwards (babble that has
 * speech's spectrum and rhythm but no words).
 */
final class RejectSounds {

    private RejectSounds() {}

    private static final Pattern SPEC = Pattern.compile(
            "(white noise|brown noise|hum (\\d+) Hz|clicks) (-?\\d+) dBFS");
    private static final int SAMPLES = 2 * 16_000;

    static short[] noise(String spec, Random random) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a noise: " + spec + " (e.g. white noise -30 dBFS, hum 50 Hz -30 dBFS)");
        }
        double amplitude = Math.pow(10, Integer.parseInt(m.group(3)) / 20.0) * 32767;
        double[] x = new double[SAMPLES];
        String kind = m.group(1);
        double brown = 0;
        for (int i = 0; i < SAMPLES; i++) {
            if (kind.equals("white noise")) {
                x[i] = random.nextGaussian();
            } else if (kind.equals("brown noise")) {
                brown = 0.98 * brown + random.nextGaussian() * 0.2;
                x[i] = brown;
            } else if (kind.equals("clicks")) {
                x[i] = random.nextInt(800) == 0 ? (random.nextBoolean() ? 3 : -3) : 0;
            } else {
                double f = Integer.parseInt(m.group(2));
                x[i] = Math.sin(2 * Math.PI * f * i / 16_000) + 0.3 * Math.sin(6 * Math.PI * f * i / 16_000);
            }
        }
        double rms = 0;
        for (double v : x) {
            rms += v * v;
        }
        rms = Math.sqrt(rms / SAMPLES);
        short[] out = new short[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(x[i] / Math.max(rms, 1e-9) * amplitude)));
        }
        return out;
    }

    static void reverse(short[] samples) {
        for (int i = 0, j = samples.length - 1; i < j; i++, j--) {
            short t = samples[i];
            samples[i] = samples[j];
            samples[j] = t;
        }
    }
}
