package dev.opencic.bench.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoomAcousticsTest {

    private static double[] sine(double hz, int length) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = 0.5 * Math.sin(2 * Math.PI * hz * i / RoomAcoustics.RATE);
        }
        return x;
    }

    private static double db(double power) {
        return 10 * Math.log10(power);
    }

    @Test
    void convolutionThroughTheFftEqualsTheDirectSum() {
        Random r = new Random(1);
        double[] x = new double[300], h = new double[77];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        for (int i = 0; i < h.length; i++) {
            h[i] = r.nextGaussian();
        }

        double[] y = RoomAcoustics.convolve(x, h);

        assertThat(y).hasSize(x.length + h.length - 1);
        for (int n = 0; n < y.length; n++) {
            double direct = 0;
            for (int k = 0; k < h.length; k++) {
                if (n - k >= 0 && n - k < x.length) {
                    direct += h[k] * x[n - k];
                }
            }
            assertThat(y[n]).isCloseTo(direct, within(1e-9));
        }
    }

    @Test
    void theImpulseResponseHasTheAskedDirectToReverberantRatioDecaysAndRepeatsWithItsSeed() {
        double[] h = RoomAcoustics.impulseResponse(0.5, 0, new Random(7));

        assertThat(h[0]).isEqualTo(1);
        double reverberant = RoomAcoustics.power(h, 1, h.length) * (h.length - 1);
        assertThat(db(1 / reverberant)).isCloseTo(0, within(1e-6));
        int tenth = h.length / 10;
        double early = RoomAcoustics.power(h, 1, tenth), late = RoomAcoustics.power(h, h.length - tenth, h.length);
        // 60 dB per 0.5 s = 120 dB/s: the last tenth (from 0.54 s) starts about 0.535 s, 64 dB, after the first.
        assertThat(db(early / late)).isBetween(56.0, 72.0);
        assertThat(RoomAcoustics.impulseResponse(0.5, 0, new Random(7))).isEqualTo(h);
        assertThat(RoomAcoustics.impulseResponse(0.5, 0, new Random(8))).isNotEqualTo(h);
    }

    @Test
    void noiseIsAddedAtTheAskedSignalToNoiseRatioOverTheSpeech() {
        double[] signal = new double[32_000];
        System.arraycopy(sine(300, 16_000), 0, signal, 8_000, 16_000);
        double speech = RoomAcoustics.power(signal, 8_000, 24_000);
        double[] noise = RoomAcoustics.pinkNoise(signal.length, new Random(3));
        double[] mixed = signal.clone();

        RoomAcoustics.addAtSnr(mixed, noise, 10, 8_000, 24_000);

        double[] added = new double[mixed.length];
        for (int i = 0; i < mixed.length; i++) {
            added[i] = mixed[i] - signal[i];
        }
        assertThat(db(speech / RoomAcoustics.power(added, 0, added.length))).isCloseTo(10, within(1e-6));
    }

    @Test
    void pinkNoiseHasMorePowerInTheLowOctavesThanWhiteNoiseWould() {
        double[] pink = RoomAcoustics.pinkNoise(1 << 15, new Random(5));
        // first difference ≈ high-pass: for white noise its power is twice the signal's, for 1/f far less
        double[] diff = new double[pink.length - 1];
        for (int i = 1; i < pink.length; i++) {
            diff[i - 1] = pink[i] - pink[i - 1];
        }
        assertThat(RoomAcoustics.power(diff, 0, diff.length) / RoomAcoustics.power(pink, 0, pink.length)).isLessThan(1.0);
    }

    @Test
    void playingFasterShortensAndRaisesTheTone() {
        double[] x = sine(200, 16_000);

        double[] y = RoomAcoustics.resample(x, 1.25);

        assertThat(y.length).isEqualTo(12_800);
        assertThat(zeroCrossings(y, 1000, 11_000) / 10_000.0 * RoomAcoustics.RATE / 2).isCloseTo(250, within(3.0));
        assertThat(zeroCrossings(RoomAcoustics.resample(x, 0.8), 1000, 11_000) / 10_000.0 * RoomAcoustics.RATE / 2)
                .isCloseTo(160, within(3.0));
    }

    private static int zeroCrossings(double[] x, int from, int to) {
        int n = 0;
        for (int i = from + 1; i < to; i++) {
            if ((x[i - 1] < 0) != (x[i] < 0)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void musicAndBabbleFillTheFileAndRepeatWithTheirSeed() {
        double[] music = RoomAcoustics.music(48_000, new Random(11));
        assertThat(RoomAcoustics.power(music, 40_000, 48_000)).isGreaterThan(1e-4);
        assertThat(RoomAcoustics.music(48_000, new Random(11))).isEqualTo(music);

        List<double[]> pool = List.of(sine(150, 8_000), sine(220, 12_000));
        double[] babble = RoomCorpusGenerator.babble(64_000, pool, new Random(2));
        assertThat(RoomAcoustics.power(babble, 0, 16_000)).isGreaterThan(0.01);
        assertThat(RoomAcoustics.power(babble, 48_000, 64_000)).isGreaterThan(0.01);
        assertThat(RoomCorpusGenerator.babble(64_000, pool, new Random(2))).isEqualTo(babble);
    }

    @Test
    void pcmIsScaledDownAsAWholeRatherThanClipped() {
        short[] pcm = RoomAcoustics.toPcm(new double[] {0.1, -2.0, 1.0});

        assertThat(pcm[1]).isEqualTo((short) Math.round(-0.89 * 32768));
        assertThat(pcm[0]).isEqualTo((short) Math.round(0.1 * 0.89 / 2.0 * 32768));
    }
}
