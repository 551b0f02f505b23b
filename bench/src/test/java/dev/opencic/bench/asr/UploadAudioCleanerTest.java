package dev.opencic.bench.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The upload clean-up on synthetic PCM: what it keeps, what it takes away, and its bad input. */
class UploadAudioCleanerTest {

    /** 16 kHz 16-bit LE: {@code leadMs} of white noise at {@code noiseDb}, then a tone at -20 dBFS over the noise. */
    private static byte[] noisyTone(int leadMs, int toneMs, double noiseDb) {
        Random random = new Random(7);
        int n = (leadMs + toneMs) * 16;
        ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        double noise = 32768 * Math.pow(10, noiseDb / 20);
        double tone = 32768 * Math.pow(10, -20 / 20.0) * Math.sqrt(2);
        for (int i = 0; i < n; i++) {
            double s = random.nextGaussian() * noise + (i >= leadMs * 16 ? tone * Math.sin(2 * Math.PI * 440 * i / 16000.0) : 0);
            b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(s))));
        }
        return b.array();
    }

    /** Cleans in chunks of an odd byte count, as uploads may split samples. */
    private static byte[] clean(byte[] pcm, Set<UploadAudioCleaner.Step> steps) {
        UploadAudioCleaner cleaner = new UploadAudioCleaner(steps);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < pcm.length; off += 3201) {
            out.writeBytes(cleaner.process(pcm, off, Math.min(3201, pcm.length - off)));
        }
        out.writeBytes(cleaner.finish());
        return out.toByteArray();
    }

    private static double db(byte[] pcm, int fromMs, int toMs) {
        ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        double sum = 0;
        for (int i = fromMs * 16; i < toMs * 16; i++) {
            double s = b.getShort(i * 2);
            sum += s * s;
        }
        return 10 * Math.log10(sum / ((toMs - fromMs) * 16) / (32768.0 * 32768.0));
    }

    @Test
    void withNoStepTheAudioPassesThroughUnchanged() {
        byte[] pcm = noisyTone(500, 1000, -40);
        assertThat(clean(pcm, EnumSet.noneOf(UploadAudioCleaner.Step.class))).isEqualTo(pcm);
    }

    @Test
    void noiseSuppressionLowersTheNoiseAndKeepsTheToneAndTheLength() {
        byte[] pcm = noisyTone(1000, 1000, -40);
        byte[] cleaned = clean(pcm, EnumSet.of(UploadAudioCleaner.Step.DENOISE));
        assertThat(cleaned).hasSameSizeAs(pcm);
        // the noise after the first 0.14 s it learns from is at least 6 dB lower; the tone within 1 dB
        assertThat(db(cleaned, 300, 1000)).isLessThan(db(pcm, 300, 1000) - 6);
        assertThat(db(cleaned, 1200, 1900)).isCloseTo(db(pcm, 1200, 1900), org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void automaticGainBringsQuietSpeechTowardsMinus20Dbfs() {
        byte[] quiet = noisyTone(200, 3000, -70);
        ByteBuffer b = ByteBuffer.wrap(quiet).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < quiet.length / 2; i++) {
            b.putShort(i * 2, (short) (b.getShort(i * 2) / 10)); // the tone at -40 dBFS
        }
        byte[] cleaned = clean(quiet, EnumSet.of(UploadAudioCleaner.Step.AGC));
        assertThat(cleaned).hasSameSizeAs(quiet);
        assertThat(db(quiet, 2500, 3200)).isLessThan(-39);
        assertThat(db(cleaned, 2500, 3200)).isGreaterThan(-24); // +20 dB at most, reached within about 1 s
    }

    @Test
    void stepsAreParsedByNameAndAnUnknownOneIsNamed() {
        assertThat(UploadAudioCleaner.parse("agc, denoise")).containsExactly(UploadAudioCleaner.Step.DENOISE, UploadAudioCleaner.Step.AGC);
        assertThat(UploadAudioCleaner.parse("none")).isEmpty();
        assertThatThrownBy(() -> UploadAudioCleaner.parse("agc,echo"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'echo'");
    }
}
