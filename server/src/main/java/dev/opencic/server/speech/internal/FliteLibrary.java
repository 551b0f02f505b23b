package dev.opencic.server.speech.internal;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The few libflite 2.x entry points the engine needs (see {@code /usr/include/flite/flite.h},
 * {@code cst_utterance.h}, {@code cst_features.h}, {@code cst_audio.h}). Loaded by full soname
 * {@value #SONAME}: the unversioned {@code libflite.so} link only comes with {@code flite1-dev}.
 *
 * <p>Every pointer is opaque to Java except {@code cst_wave} and {@code cst_audio_streaming_info},
 * whose fields are read and written at the fixed LP64 offsets below.
 */
public interface FliteLibrary extends Library {

    String SONAME = "libflite.so.1";

    /** {@code cst_wave.sample_rate} (after {@code const char *type}). */
    long WAVE_SAMPLE_RATE = 8;
    /** {@code cst_wave.num_samples}. */
    long WAVE_NUM_SAMPLES = 12;
    /** {@code cst_wave.samples} ({@code short *}, after {@code num_channels} and 4 bytes padding). */
    long WAVE_SAMPLES = 24;

    /** {@code cst_audio_streaming_info.min_buffsize} (int). */
    long ASI_MIN_BUFFSIZE = 0;
    /** {@code cst_audio_streaming_info.asc} (function pointer). */
    long ASI_CALLBACK = 8;
    /** {@code cst_audio_streaming_info.userdata}. */
    long ASI_USERDATA = 32;

    /** {@code CST_AUDIO_STREAM_CONT}. */
    int STREAM_CONTINUE = 0;
    /** {@code CST_AUDIO_STREAM_STOP}. */
    int STREAM_STOP = -1;

    int flite_init();

    /** {@code cst_wave *flite_text_to_wave(const char *text, cst_voice *voice)}. */
    Pointer flite_text_to_wave(Pointer text, Pointer voice);

    void delete_wave(Pointer wave);

    Pointer new_utterance();

    void delete_utterance(Pointer utterance);

    /** Copies {@code text} into the utterance's {@code input_text} feature. */
    void utt_set_input_text(Pointer utterance, Pointer text);

    /** Links the voice's features into the utterance and runs the voice's {@code utt_init} hook. */
    Pointer utt_init(Pointer utterance, Pointer voice);

    /** Runs the text-to-waveform hooks; returns {@code NULL} on failure. */
    Pointer utt_synth(Pointer utterance);

    /** The utterance's wave (owned by the utterance), or {@code NULL}. */
    Pointer utt_wave(Pointer utterance);

    /** {@code cst_audio_streaming_info *new_audio_streaming_info()}: min_buffsize 256, asc = default. */
    Pointer new_audio_streaming_info();

    void delete_audio_streaming_info(Pointer asi);

    /** Wraps an asi in a {@code cst_val} that frees it when the owning features are deleted. */
    Pointer audio_streaming_info_val(Pointer asi);

    /**
     * {@code void feat_set(cst_features *f, const char *name, const cst_val *v)}. flite keeps the
     * {@code name} pointer without copying: it must stay allocated as long as the features.
     */
    void feat_set(Pointer features, Pointer name, Pointer value);

    /** {@code int (*asc)(const cst_wave *w, int start, int size, int last, cst_audio_streaming_info *asi)}. */
    interface AudioStreamCallback extends Callback {
        int invoke(Pointer wave, int start, int size, int last, Pointer asi);
    }
}
