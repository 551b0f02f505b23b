package dev.opencic.server.speech.asr;

import dev.opencic.server.testing.SpokenRequests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;

/** Test audio: flite CLI speech, silence and noise, as 16 kHz mono 16-bit little-endian PCM. */
public final class TestAudio {

    static final int RATE = 16000;

    private TestAudio() {}

    /** Speaks {@code text} with the flite CLI voice {@code voice} (slt, rms, awb, kal16: all 16 kHz). */
    static byte[] speak(Path dir, String voice, String text) throws IOException, InterruptedException {
        return SpokenRequests.pcm(voice, text);
    }

    /** The PCM of a 16 kHz mono 16-bit WAV file. */
    static byte[] pcmOfWav(byte[] wav) throws IOException {
        return SpokenRequests.pcmOfWav(wav);
    }

    public static byte[] silence(int millis) {
        return new byte[RATE / 1000 * millis * 2];
    }

    /** White noise at {@code dbfs} RMS (e.g. -45), deterministic for a seed. */
    public static byte[] noise(int millis, double dbfs, long seed) {
        Random r = new Random(seed);
        int n = RATE / 1000 * millis;
        double rms = 32768 * Math.pow(10, dbfs / 20);
        ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            long s = Math.round(r.nextGaussian() * rms);
            b.putShort((short) Math.max(-32768, Math.min(32767, s)));
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Milliseconds of audio in {@code bytes} of PCM. */
    static long millis(int bytes) {
        return bytes / 2 * 1000L / RATE;
    }

    /** Index (in ms) just after the last sample whose 10 ms window is above -40 dBFS: the last voiced frame. */
    static long lastVoicedMillis(byte[] pcm) {
        ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        int win = RATE / 100;
        long last = 0;
        for (int start = 0; start + win * 2 <= pcm.length; start += win * 2) {
            double sum = 0;
            for (int i = 0; i < win; i++) {
                double s = b.getShort(start + i * 2);
                sum += s * s;
            }
            double rms = Math.sqrt(sum / win) / 32768;
            if (rms > 0.01) {
                last = (start / 2 + win) * 1000L / RATE;
            }
        }
        return last;
    }
}
