package dev.opencic.device;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes an MP3 byte stream to 16-bit PCM with libmp3lame's hip decoder, one frame at a time as
 * the bytes arrive. Skips an ID3v2 tag at the start (the decoder would take it for audio). Not
 * thread-safe; {@link #close()} frees the native decoder.
 */
final class Mp3Decoder implements AutoCloseable {

    /** Receives decoded frames: {@code samples} per channel; for mono {@code right} equals {@code left}. */
    interface FrameSink {
        /** @return false to stop decoding */
        boolean frame(short[] left, short[] right, int samples, int sampleRate, int channels) throws Exception;
    }

    private static volatile HipLibrary library;

    private final HipLibrary hip;
    private Pointer handle;
    private final short[] left = new short[4608];
    private final short[] right = new short[4608];
    private final HipLibrary.Mp3Data data = new HipLibrary.Mp3Data();
    private int errors;

    private Mp3Decoder(HipLibrary hip, Pointer handle) {
        this.hip = hip;
        this.handle = handle;
    }

    /**
     * A new decoder.
     *
     * @throws IOException if libmp3lame cannot be loaded (install the {@code libmp3lame0} package)
     */
    static Mp3Decoder open() throws IOException {
        HipLibrary lib = library;
        if (lib == null) {
            try {
                lib = com.sun.jna.Native.load(HipLibrary.SONAME, HipLibrary.class);
            } catch (UnsatisfiedLinkError e) {
                throw new IOException("cannot decode MP3: " + HipLibrary.SONAME + " is not installed ("
                        + e.getMessage() + ")", e);
            }
            library = lib;
        }
        Pointer h = lib.hip_decode_init();
        if (h == null) {
            throw new IOException("hip_decode_init failed");
        }
        return new Mp3Decoder(lib, h);
    }

    /**
     * Decodes all of {@code in} (or until {@code sink} returns false).
     *
     * @return whether any audio was decoded
     * @throws IOException if the stream is not MP3 (nothing decodable in its first 64 KiB, or
     *     frame errors on most of it)
     */
    boolean decode(InputStream in, FrameSink sink) throws Exception {
        byte[] buf = new byte[4096];
        long fed = 0;
        int skip = -1;
        int n;
        while ((n = in.read(buf)) >= 0) {
            int off = 0;
            if (skip < 0) {
                if (fed == 0 && n >= 10 && buf[0] == 'I' && buf[1] == 'D' && buf[2] == '3') {
                    skip = ((buf[6] & 0x7f) << 21 | (buf[7] & 0x7f) << 14 | (buf[8] & 0x7f) << 7 | buf[9] & 0x7f) + 10
                            + ((buf[5] & 0x10) != 0 ? 10 : 0);
                } else {
                    skip = 0;
                }
            }
            if (skip > 0) {
                int s = Math.min(skip, n);
                skip -= s;
                off = s;
                if (off == n) {
                    fed += n;
                    continue;
                }
                System.arraycopy(buf, off, buf, 0, n - off);
                n -= off;
            }
            fed += n;
            if (!drain(buf, n, sink)) {
                return true;
            }
            if (!any && fed > 65_536) {
                throw new IOException("not an MP3 stream (no frame in the first " + fed + " bytes)");
            }
        }
        drain(buf, 0, sink); // the frames still buffered at the end
        if (!any) {
            throw new IOException("not an MP3 stream (no audio frame in " + fed + " bytes)");
        }
        return true;
    }

    private boolean any;

    /**
     * Feeds {@code len} bytes and takes every frame they complete; a frame error is skipped (the
     * decoder resynchronises) unless errors keep coming.
     *
     * @return false if the sink asked to stop
     */
    private boolean drain(byte[] buf, int len, FrameSink sink) throws Exception {
        int consecutiveErrors = 0;
        while (true) {
            int samples = hip.hip_decode1_headers(handle, buf, new NativeLong(len), left, right, data);
            len = 0;
            if (samples == 0) {
                return true;
            }
            if (samples < 0) {
                errors++;
                if (++consecutiveErrors > 8 || errors > 200) {
                    if (!any) {
                        throw new IOException("not an MP3 stream (decoder errors from the start)");
                    }
                    return true;
                }
                continue;
            }
            consecutiveErrors = 0;
            any = true;
            int channels = data.stereo == 2 ? 2 : 1;
            if (!sink.frame(left, channels == 2 ? right : left, samples, data.samplerate, channels)) {
                return false;
            }
        }
    }

    @Override
    public void close() {
        if (handle != null) {
            hip.hip_decode_exit(handle);
            handle = null;
        }
    }
}
