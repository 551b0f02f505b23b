package dev.opencic.server.speech.asr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's own energy detector on synthetic audio: noise, then a loud "talker", then noise. */
class EnergySpeechDetectorTest {

    private static final int CHUNK = 3200; // 200 ms, as devices upload

    private static EnergySpeechDetector detector() {
        return new EnergySpeechDetector(150, 300, 12, 3, 8, 300);
    }

    /** A 300 Hz tone at {@code dbfs} RMS: loud and steady, as a vowel is. */
    private static short[] tone(int millis, double dbfs) {
        short[] s = new short[millis * 16];
        double amplitude = 32768 * Math.pow(10, dbfs / 20) * Math.sqrt(2);
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * 300 * i / 16000.0));
        }
        return s;
    }

    private static short[] noise(int millis, double dbfs, long seed) {
        ByteBuffer b = ByteBuffer.wrap(TestAudio.noise(millis, dbfs, seed)).order(ByteOrder.LITTLE_ENDIAN);
        short[] s = new short[millis * 16];
        for (int i = 0; i < s.length; i++) {
            s[i] = b.getShort();
        }
        return s;
    }

    private static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] all = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** Feeds {@code audio} in 200 ms chunks; returns [chunk index of the replay, replay length, ...in-speech per chunk]. */
    private record Run(int replayChunk, int replayLength, List<Boolean> inSpeech) {}

    private static Run run(short[] audio) {
        EnergySpeechDetector d = detector();
        int replayChunk = -1;
        int replayLength = 0;
        List<Boolean> inSpeech = new ArrayList<>();
        for (int off = 0, chunk = 0; off < audio.length; off += CHUNK, chunk++) {
            int n = Math.min(CHUNK, audio.length - off);
            short[] s = java.util.Arrays.copyOfRange(audio, off, off + n);
            short[] replay = d.accept(s, n);
            if (replay != null) {
                assertThat(replayChunk).as("one onset per stream").isEqualTo(-1);
                replayChunk = chunk;
                replayLength = replay.length;
            }
            inSpeech.add(d.inSpeech());
        }
        return new Run(replayChunk, replayLength, inSpeech);
    }

    @Test
    void theTalkerAfterLeadNoiseIsDecodedAgainFromShortlyBeforeItsOnset() {
        // 700 ms of noise 20 dB under the talker, 1 s of talker, 1 s of noise
        Run r = run(concat(noise(700, -40, 1), tone(1000, -20), noise(1000, -40, 2)));
        assertThat(r.replayChunk()).isEqualTo(3); // the chunk 600-800 ms holds the onset at 700 ms
        // from 300 ms before the onset (400 ms) to the chunk's end (800 ms)
        assertThat(r.replayLength()).isEqualTo(400 * 16);
        assertThat(r.inSpeech().subList(0, 3)).containsOnly(false);
        assertThat(r.inSpeech().subList(3, 8)).containsOnly(true); // up to 1.6 s
        // over 300 ms after the talker stopped at 1.7 s, the detector says so
        assertThat(r.inSpeech().get(r.inSpeech().size() - 1)).isFalse();
        assertThat(r.inSpeech().subList(9, r.inSpeech().size())).containsOnly(false);
    }

    @Test
    void speechAtTheVeryStartIsSpeechWithNothingToDecodeAgain() {
        Run r = run(concat(noise(20, -60, 3), tone(800, -20), noise(1000, -60, 4)));
        assertThat(r.replayChunk()).isEqualTo(-1);
        assertThat(r.inSpeech().get(0)).isTrue();
        assertThat(r.inSpeech().get(r.inSpeech().size() - 1)).isFalse();
    }

    @Test
    void steadyNoiseAndSilenceAreNeverSpeech() {
        Run noise = run(noise(3000, -35, 5));
        assertThat(noise.replayChunk()).isEqualTo(-1);
        assertThat(noise.inSpeech()).containsOnly(false);
        Run silence = run(new short[3000 * 16]);
        assertThat(silence.replayChunk()).isEqualTo(-1);
        assertThat(silence.inSpeech()).containsOnly(false);
    }
}
