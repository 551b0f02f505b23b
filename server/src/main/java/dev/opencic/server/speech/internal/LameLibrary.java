package dev.opencic.server.speech.internal;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The libmp3lame entry points the encoder needs (see {@code /usr/include/lame/lame.h}), loaded by
 * full soname {@value #SONAME}. A {@code lame_global_flags *} is one encoding stream: never share
 * one between threads.
 */
public interface LameLibrary extends Library {

    String SONAME = "libmp3lame.so.0";

    /** {@code MPEG_mode.MONO}. */
    int MODE_MONO = 3;
    /** {@code vbr_mode.vbr_off}: constant bit rate. */
    int VBR_OFF = 0;

    Pointer lame_init();

    int lame_set_in_samplerate(Pointer gfp, int rate);

    int lame_set_out_samplerate(Pointer gfp, int rate);

    int lame_set_num_channels(Pointer gfp, int channels);

    int lame_set_mode(Pointer gfp, int mode);

    int lame_set_brate(Pointer gfp, int kbps);

    int lame_set_VBR(Pointer gfp, int vbrMode);

    int lame_set_quality(Pointer gfp, int quality);

    /** 0: no empty Xing/Info placeholder frame at the start of the stream. */
    int lame_set_bWriteVbrTag(Pointer gfp, int write);

    /** 0: no ID3 tags written by {@code lame_init_params}/{@code lame_encode_flush}. */
    void lame_set_write_id3tag_automatic(Pointer gfp, int automatic);

    int lame_init_params(Pointer gfp);

    /** Mono: {@code right} is ignored. Returns bytes written to {@code mp3}, or a negative error. */
    int lame_encode_buffer(Pointer gfp, short[] left, short[] right, int samples, byte[] mp3, int mp3Size);

    int lame_encode_flush(Pointer gfp, byte[] mp3, int mp3Size);

    int lame_close(Pointer gfp);
}
