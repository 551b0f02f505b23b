package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.server.testing.Engines;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** libvorbisfile through JNA, fed from a stream (no seeking), on a tone encoded by oggenc at test time. */
class VorbisDecoderTest {

    /** A mono 16 kHz sine of {@code millis} encoded by oggenc (vorbis-tools); the test is skipped without it. */
    static byte[] oggTone(int millis, int hz) throws Exception {
        return oggTone(millis, hz, 16_000, 0);
    }

    /** With {@code noise} &gt; 0, white noise of that amplitude is added (so the encoder has work to do). */
    static byte[] oggTone(int millis, int hz, int rate, int noise) throws Exception {
        Engines.requireOggenc();
        byte[] pcm = new byte[(int) ((long) rate * millis / 1000 * 2)];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < pcm.length / 2; i++) {
            short s = (short) (8000 * Math.sin(2 * Math.PI * hz * i / rate) + (noise > 0 ? random.nextInt(2 * noise) - noise : 0));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        Path dir = Files.createTempDirectory("ogg-tone");
        try {
            Path wav = Files.write(dir.resolve("tone.wav"), Wav.file(Wav.PCM, rate, 1, 16, pcm));
            Process p = new ProcessBuilder("oggenc", "-Q", "-o", dir.resolve("tone.ogg").toString(), wav.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            return Files.readAllBytes(dir.resolve("tone.ogg"));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void decodesATrickledStreamToItsLength() throws Exception {
        byte[] ogg = oggTone(1_500, 440);
        var trickle = new ByteArrayInputStream(ogg) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 101));
            }
        };
        AtomicLong samples = new AtomicLong();
        AtomicLong peak = new AtomicLong();
        try (VorbisDecoder d = VorbisDecoder.open()) {
            d.decode(trickle, (left, right, n, rate, channels) -> {
                assertThat(rate).isEqualTo(16_000);
                assertThat(channels).isEqualTo(1);
                samples.addAndGet(n);
                for (int i = 0; i < n; i++) {
                    peak.accumulateAndGet(Math.abs(left[i]), Math::max);
                }
                return true;
            });
        }
        assertThat(samples.get()).isEqualTo(16_000 * 1_500 / 1000); // Vorbis keeps the exact length
        assertThat(peak.get()).isBetween(6_000L, 10_000L);
    }

    @Test
    void decodesAWholeFile() throws Exception {
        byte[] ogg = oggTone(1_000, 440);
        AtomicLong samples = new AtomicLong();
        try (VorbisDecoder d = VorbisDecoder.open()) {
            d.decode(new ByteArrayInputStream(ogg), (left, right, n, rate, channels) -> samples.addAndGet(n) >= 0);
        }
        assertThat(samples.get()).isEqualTo(16_000);
    }

    /** Prints how fast a music-quality stream decodes (a figure for the docs, no assertion on it). */
    @Test
    void decodesMusicQualityFasterThanRealTime() throws Exception {
        int seconds = 20;
        byte[] ogg = oggTone(seconds * 1000, 440, 44_100, 4000);
        long best = Long.MAX_VALUE;
        AtomicLong samples = new AtomicLong();
        for (int round = 0; round < 3; round++) {
            samples.set(0);
            long t0 = System.nanoTime();
            try (VorbisDecoder d = VorbisDecoder.open()) {
                d.decode(new ByteArrayInputStream(ogg), (left, right, n, rate, channels) -> samples.addAndGet(n) >= 0);
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        assertThat(samples.get()).isEqualTo(44_100L * seconds);
        System.out.printf("Ogg Vorbis 44.1 kHz mono (tone + noise, oggenc -q3: %d kbps): %d s decoded in %d ms (%.0fx real time, %.2f%% of one core)%n",
                ogg.length * 8 / seconds / 1000, seconds, best / 1_000_000, seconds * 1e9 / best, 100.0 * best / (seconds * 1e9));
    }

    @Test
    void somethingElseIsNotOggVorbis() throws Exception {
        try (VorbisDecoder d = VorbisDecoder.open()) {
            assertThatThrownBy(() -> d.decode(new ByteArrayInputStream("OggS but not really".repeat(100).getBytes()),
                    (l, r, n, rate, c) -> true))
                    .isInstanceOf(IOException.class).hasMessageContaining("not an Ogg Vorbis stream");
        }
    }
}
