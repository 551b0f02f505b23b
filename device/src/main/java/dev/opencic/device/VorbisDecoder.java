package dev.opencic.device;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes an Ogg Vorbis byte stream with libvorbisfile (Xiph's reference decoder, installed with
 * {@code vorbis-tools}/{@code libvorbisfile3}), bound with JNA, reading through callbacks so the
 * stream is decoded as it arrives (no seeking). Not thread-safe; {@link #close()} frees it.
 */
final class VorbisDecoder implements AutoCloseable {

    static final String SONAME = "libvorbisfile.so.3";

    /** The entry points of {@code vorbis/vorbisfile.h} used here. */
    interface VorbisFile extends Library {
        int ov_open_callbacks(Pointer datasource, Pointer vf, Pointer initial, NativeLong ibytes, Callbacks callbacks);

        NativeLong ov_read(Pointer vf, byte[] buffer, int length, int bigendianp, int word, int sgned, Pointer bitstream);

        /** {@code vorbis_info *}: int version, int channels, long rate, ... */
        Pointer ov_info(Pointer vf, int link);

        int ov_clear(Pointer vf);
    }

    /** {@code size_t read_func(void *ptr, size_t size, size_t nmemb, void *datasource)}. */
    interface ReadFunc extends Callback {
        NativeLong invoke(Pointer ptr, NativeLong size, NativeLong nmemb, Pointer datasource);
    }

    /** Unused entries of {@code ov_callbacks} (NULL: the stream cannot seek). */
    interface Unused extends Callback {
        int invoke(Pointer datasource);
    }

    /** {@code ov_callbacks}, passed by value. */
    @Structure.FieldOrder({"read_func", "seek_func", "close_func", "tell_func"})
    public static final class Callbacks extends Structure implements Structure.ByValue {
        public ReadFunc read_func;
        public Unused seek_func;
        public Unused close_func;
        public Unused tell_func;
    }

    private static volatile VorbisFile library;

    private final VorbisFile vorbis;
    /** {@code OggVorbis_File} (under 1 KiB on 64-bit Linux; 4 KiB leaves room). */
    private final Memory vf = new Memory(4096);
    private final Memory bitstream = new Memory(4);
    private final Callbacks callbacks = new Callbacks();
    private InputStream in;
    private IOException readFailure;
    private boolean opened;

    private VorbisDecoder(VorbisFile vorbis) {
        this.vorbis = vorbis;
        vf.clear();
        callbacks.read_func = (ptr, size, nmemb, ds) -> {
            long want = size.longValue() * nmemb.longValue();
            if (want <= 0) {
                return new NativeLong(0);
            }
            try {
                byte[] buf = new byte[(int) Math.min(want, 65_536)];
                int n = in.read(buf);
                if (n <= 0) {
                    return new NativeLong(0);
                }
                ptr.write(0, buf, 0, n);
                return new NativeLong(n / size.longValue());
            } catch (IOException e) {
                readFailure = e;
                return new NativeLong(0);
            }
        };
    }

    /** @throws IOException if libvorbisfile is not installed */
    static VorbisDecoder open() throws IOException {
        VorbisFile lib = library;
        if (lib == null) {
            try {
                lib = com.sun.jna.Native.load(SONAME, VorbisFile.class);
            } catch (UnsatisfiedLinkError e) {
                throw new IOException("cannot decode Ogg Vorbis: " + SONAME + " is not installed (" + e.getMessage() + ")", e);
            }
            library = lib;
        }
        return new VorbisDecoder(lib);
    }

    /** Decodes all of {@code in} (or until {@code sink} returns false). */
    void decode(InputStream in, Mp3Decoder.FrameSink sink) throws Exception {
        this.in = in;
        // vorbisfile reads nothing from a NULL datasource: pass any pointer (the callback ignores it)
        int rc = vorbis.ov_open_callbacks(bitstream, vf, null, new NativeLong(0), callbacks);
        if (rc < 0) {
            if (readFailure != null) {
                throw readFailure;
            }
            throw new IOException("not an Ogg Vorbis stream (ov_open_callbacks: " + rc + ")");
        }
        opened = true;
        Pointer info = vorbis.ov_info(vf, -1);
        int channels = info.getInt(4);
        int rate = (int) info.getNativeLong(8).longValue();
        if (channels < 1 || channels > 2) {
            throw new IOException("Ogg Vorbis with " + channels + " channels is not supported (mono or stereo only)");
        }
        byte[] pcm = new byte[4096 * channels];
        short[] left = new short[pcm.length / 2];
        short[] right = new short[pcm.length / 2];
        int holes = 0;
        while (true) {
            long n = vorbis.ov_read(vf, pcm, pcm.length, 0, 2, 1, bitstream).longValue();
            if (n == 0) {
                break;
            }
            if (n < 0) {
                if (readFailure != null) {
                    throw readFailure;
                }
                if (++holes > 20) {
                    throw new IOException("Ogg Vorbis stream is corrupt (ov_read: " + n + ")");
                }
                continue; // OV_HOLE: a gap in the data, decoding goes on
            }
            int samples = (int) (n / 2 / channels);
            for (int i = 0; i < samples; i++) {
                int at = i * channels * 2;
                left[i] = (short) (pcm[at] & 0xff | pcm[at + 1] << 8);
                if (channels == 2) {
                    right[i] = (short) (pcm[at + 2] & 0xff | pcm[at + 3] << 8);
                }
            }
            if (!sink.frame(left, channels == 2 ? right : left, samples, rate, channels)) {
                return;
            }
        }
        if (readFailure != null) {
            throw readFailure;
        }
    }

    @Override
    public void close() {
        if (opened) {
            vorbis.ov_clear(vf);
            opened = false;
        }
    }
}
