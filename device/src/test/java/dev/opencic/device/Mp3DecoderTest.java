package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** libmp3lame's decoder through JNA: LAME's own output decodes to the length it was encoded from. */
class Mp3DecoderTest {

    @Test
    void decodesAToneToItsLength() throws Exception {
        byte[] mp3 = DeviceMusicTest.tone(2_500, 440);
        AtomicLong samples = new AtomicLong();
        AtomicLong peak = new AtomicLong();
        try (Mp3Decoder d = Mp3Decoder.open()) {
            d.decode(new ByteArrayInputStream(mp3), (left, right, n, rate, channels) -> {
                assertThat(rate).isEqualTo(16_000);
                assertThat(channels).isEqualTo(1);
                samples.addAndGet(n);
                for (int i = 0; i < n; i++) {
                    peak.accumulateAndGet(Math.abs(left[i]), Math::max);
                }
                return true;
            });
        }
        // LAME adds its encoder delay and pads the last frame: a little more, never less
        assertThat(samples.get() * 1000 / 16_000).isBetween(2_500L, 2_650L);
        assertThat(peak.get()).isBetween(6_000L, 10_000L); // the 8000-amplitude sine, not silence
    }

    @Test
    void readsTheStreamInSmallPiecesAsItArrives() throws Exception {
        byte[] mp3 = DeviceMusicTest.tone(1_000, 440);
        AtomicLong samples = new AtomicLong();
        var trickle = new ByteArrayInputStream(mp3) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 37));
            }
        };
        try (Mp3Decoder d = Mp3Decoder.open()) {
            d.decode(trickle, (left, right, n, rate, channels) -> samples.addAndGet(n) > 0);
        }
        assertThat(samples.get() * 1000 / 16_000).isBetween(1_000L, 1_150L);
    }

    @Test
    void skipsAnId3TagAtTheStart() throws Exception {
        byte[] mp3 = DeviceMusicTest.tone(500, 440);
        byte[] tag = new byte[10 + 300];
        tag[0] = 'I';
        tag[1] = 'D';
        tag[2] = '3';
        tag[3] = 4;
        tag[9] = (byte) 300 & 0x7f;
        tag[8] = (byte) (300 >> 7);
        byte[] tagged = new byte[tag.length + mp3.length];
        System.arraycopy(tag, 0, tagged, 0, tag.length);
        System.arraycopy(mp3, 0, tagged, tag.length, mp3.length);
        AtomicLong samples = new AtomicLong();
        try (Mp3Decoder d = Mp3Decoder.open()) {
            d.decode(new ByteArrayInputStream(tagged), (left, right, n, rate, channels) -> samples.addAndGet(n) > 0);
        }
        assertThat(samples.get() * 1000 / 16_000).isBetween(500L, 650L);
    }

    /** Prints how fast a music-quality stream decodes (a figure for the docs, no assertion on it). */
    @Test
    void decodesMusicQualityFasterThanRealTime() throws Exception {
        int rate = 44_100;
        int seconds = 20;
        short[] pcm = new short[rate * seconds];
        java.util.Random noise = new java.util.Random(3);
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (6000 * Math.sin(2 * Math.PI * 440 * i / rate) + noise.nextInt(8000) - 4000);
        }
        byte[] mp3;
        try (var enc = dev.opencic.server.speech.internal.LameMp3Encoder.open(
                dev.opencic.server.speech.internal.SpeechNatives.lame().value(), rate, 128, 5)) {
            var out = new java.io.ByteArrayOutputStream();
            out.writeBytes(enc.encode(pcm, pcm.length));
            out.writeBytes(enc.flush());
            mp3 = out.toByteArray();
        }
        long best = Long.MAX_VALUE;
        AtomicLong samples = new AtomicLong();
        for (int round = 0; round < 3; round++) {
            samples.set(0);
            long t0 = System.nanoTime();
            try (Mp3Decoder d = Mp3Decoder.open()) {
                d.decode(new ByteArrayInputStream(mp3), (left, right, n, r, channels) -> samples.addAndGet(n) >= 0);
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        assertThat(samples.get()).isGreaterThanOrEqualTo((long) rate * seconds);
        System.out.printf("MP3 44.1 kHz mono 128 kbps (tone + noise): %d s decoded in %d ms (%.0fx real time, %.2f%% of one core)%n",
                seconds, best / 1_000_000, seconds * 1e9 / best, 100.0 * best / (seconds * 1e9));
    }

    @Test
    void somethingElseIsNotMp3() throws Exception {
        byte[] text = "this is not an mp3 file at all, just words".repeat(50).getBytes();
        try (Mp3Decoder d = Mp3Decoder.open()) {
            assertThatThrownBy(() -> d.decode(new ByteArrayInputStream(text), (l, r, n, rate, c) -> true))
                    .isInstanceOf(IOException.class).hasMessageContaining("not an MP3 stream");
        }
    }
}
