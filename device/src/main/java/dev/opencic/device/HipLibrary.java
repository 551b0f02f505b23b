package dev.opencic.device;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The MP3 decoder of libmp3lame ("hip", LAME's mpglib), bound with JNA (see {@code
 * /usr/include/lame/lame.h}): maintained with LAME and installed wherever the server's speech
 * encoder is. Loaded by full soname {@value #SONAME}. A {@code hip_t} is one decoding stream: never
 * share one between threads.
 */
interface HipLibrary extends Library {

    String SONAME = "libmp3lame.so.0";

    /** {@code mp3data_struct}: what the decoder learnt from the frame headers. */
    @Structure.FieldOrder({"header_parsed", "stereo", "samplerate", "bitrate", "mode", "mode_ext", "framesize",
            "nsamp", "totalframes", "framenum"})
    final class Mp3Data extends Structure {
        public int header_parsed;
        public int stereo;
        public int samplerate;
        public int bitrate;
        public int mode;
        public int mode_ext;
        public int framesize;
        public NativeLong nsamp;
        public int totalframes;
        public int framenum;
    }

    Pointer hip_decode_init();

    int hip_decode_exit(Pointer hip);

    /**
     * Feeds {@code len} bytes and returns at most one frame: the number of samples per channel
     * written to {@code pcmL}/{@code pcmR}, 0 when more data is needed, -1 on a decoding error. Call
     * again with {@code len} 0 until it returns 0 to drain the frames already fed.
     */
    int hip_decode1_headers(Pointer hip, byte[] mp3, NativeLong len, short[] pcmL, short[] pcmR, Mp3Data mp3data);
}
