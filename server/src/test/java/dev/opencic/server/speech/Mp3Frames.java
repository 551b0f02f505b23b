package dev.opencic.server.speech;

/**
 * A tiny MPEG audio Layer III frame-header walker for tests: checks that a byte stream is nothing
 * but back-to-back frames and adds up their duration.
 */
final class Mp3Frames {

    private static final int[] BITRATE_V1 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0};
    private static final int[] BITRATE_V2 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0};
    private static final int[] RATE_V1 = {44100, 48000, 32000, 0};

    final int frames;
    final int sampleRate;
    final int bitrateKbps;
    final long samples;

    private Mp3Frames(int frames, int sampleRate, int bitrateKbps, long samples) {
        this.frames = frames;
        this.sampleRate = sampleRate;
        this.bitrateKbps = bitrateKbps;
        this.samples = samples;
    }

    double seconds() {
        return (double) samples / sampleRate;
    }

    static boolean startsWithFrameSync(byte[] mp3) {
        return mp3.length >= 2 && (mp3[0] & 0xFF) == 0xFF && (mp3[1] & 0xE0) == 0xE0;
    }

    /** Walks every frame; throws {@link IllegalArgumentException} where the stream is not a frame. */
    static Mp3Frames parse(byte[] mp3) {
        int pos = 0;
        int frames = 0;
        int rate = 0;
        int kbps = 0;
        long samples = 0;
        while (pos < mp3.length) {
            if (pos + 4 > mp3.length) {
                throw new IllegalArgumentException("truncated header at byte " + pos);
            }
            int b1 = mp3[pos + 1] & 0xFF;
            int b2 = mp3[pos + 2] & 0xFF;
            if ((mp3[pos] & 0xFF) != 0xFF || (b1 & 0xE0) != 0xE0) {
                throw new IllegalArgumentException("no frame sync at byte " + pos + " (frame " + frames + ")");
            }
            int version = (b1 >> 3) & 3; // 0: MPEG-2.5, 2: MPEG-2, 3: MPEG-1
            int layer = (b1 >> 1) & 3;   // 1: Layer III
            if (version == 1 || layer != 1) {
                throw new IllegalArgumentException("not MPEG Layer III at byte " + pos);
            }
            int bitrate = (version == 3 ? BITRATE_V1 : BITRATE_V2)[b2 >> 4];
            int baseRate = RATE_V1[(b2 >> 2) & 3];
            if (bitrate == 0 || baseRate == 0) {
                throw new IllegalArgumentException("bad bitrate or sample rate index at byte " + pos);
            }
            int sr = version == 3 ? baseRate : version == 2 ? baseRate / 2 : baseRate / 4;
            int padding = (b2 >> 1) & 1;
            int samplesPerFrame = version == 3 ? 1152 : 576;
            int length = (samplesPerFrame / 8) * bitrate * 1000 / sr + padding;
            if (frames == 0) {
                rate = sr;
                kbps = bitrate;
            } else if (sr != rate) {
                throw new IllegalArgumentException("sample rate changes at frame " + frames);
            }
            if (pos + length > mp3.length) {
                throw new IllegalArgumentException("truncated frame " + frames + " at byte " + pos);
            }
            pos += length;
            frames++;
            samples += samplesPerFrame;
        }
        return new Mp3Frames(frames, rate, kbps, samples);
    }
}
