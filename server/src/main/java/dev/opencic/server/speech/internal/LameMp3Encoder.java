package dev.opencic.server.speech.internal;

import com.sun.jna.Pointer;

/**
 * One constant-bit-rate mono MP3 stream: a {@code lame_global_flags} created here and freed by
 * {@link #close()}. Not thread-safe; use one per synthesis call. No ID3 tag and no Xing/Info
 * frame are written, so the first byte out is an MPEG frame sync.
 */
public final class LameMp3Encoder implements AutoCloseable {

    private static final byte[] EMPTY = new byte[0];

    private final LameLibrary lame;
    private Pointer gfp;
    private byte[] out = new byte[8192];

    private LameMp3Encoder(LameLibrary lame, Pointer gfp) {
        this.lame = lame;
        this.gfp = gfp;
    }

    /**
     * Opens a stream whose output sample rate equals {@code sampleRate}, so LAME does not resample.
     *
     * @param quality LAME's algorithm quality, 0 (best, slowest) to 9 (worst, fastest)
     * @throws IllegalStateException when LAME rejects the parameters
     */
    public static LameMp3Encoder open(LameLibrary lame, int sampleRate, int bitrateKbps, int quality) {
        Pointer gfp = lame.lame_init();
        if (gfp == null) {
            throw new IllegalStateException("lame_init failed (out of memory?)");
        }
        boolean ok = false;
        try {
            lame.lame_set_in_samplerate(gfp, sampleRate);
            lame.lame_set_out_samplerate(gfp, sampleRate);
            lame.lame_set_num_channels(gfp, 1);
            lame.lame_set_mode(gfp, LameLibrary.MODE_MONO);
            lame.lame_set_VBR(gfp, LameLibrary.VBR_OFF);
            lame.lame_set_brate(gfp, bitrateKbps);
            lame.lame_set_quality(gfp, quality);
            lame.lame_set_bWriteVbrTag(gfp, 0);
            lame.lame_set_write_id3tag_automatic(gfp, 0);
            int rc = lame.lame_init_params(gfp);
            if (rc < 0) {
                throw new IllegalStateException("lame_init_params failed with " + rc + " for " + sampleRate
                        + " Hz mono at " + bitrateKbps + " kbps");
            }
            ok = true;
            return new LameMp3Encoder(lame, gfp);
        } finally {
            if (!ok) {
                lame.lame_close(gfp);
            }
        }
    }

    /** Encodes {@code samples} mono samples; returns the MP3 bytes completed so far (often empty). */
    public byte[] encode(short[] pcm, int samples) {
        ensureOpen();
        if (samples == 0) {
            return EMPTY;
        }
        int need = samples + samples / 4 + 7200; // lame.h: 1.25 * samples + 7200 is always enough
        if (out.length < need) {
            out = new byte[need];
        }
        int n = lame.lame_encode_buffer(gfp, pcm, null, samples, out, out.length); // mono: no right channel
        if (n < 0) {
            throw new IllegalStateException("lame_encode_buffer failed with " + n);
        }
        return copy(n);
    }

    /** Pads and emits the last frames; call once, after the last {@link #encode}. */
    public byte[] flush() {
        ensureOpen();
        if (out.length < 7200) {
            out = new byte[7200];
        }
        int n = lame.lame_encode_flush(gfp, out, out.length);
        if (n < 0) {
            throw new IllegalStateException("lame_encode_flush failed with " + n);
        }
        return copy(n);
    }

    private byte[] copy(int n) {
        if (n == 0) {
            return EMPTY;
        }
        byte[] mp3 = new byte[n];
        System.arraycopy(out, 0, mp3, 0, n);
        return mp3;
    }

    private void ensureOpen() {
        if (gfp == null) {
            throw new IllegalStateException("encoder is closed");
        }
    }

    @Override
    public void close() {
        if (gfp != null) {
            lame.lame_close(gfp);
            gfp = null;
        }
    }
}
