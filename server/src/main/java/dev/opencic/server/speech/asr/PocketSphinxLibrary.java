package dev.opencic.server.speech.asr;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The libpocketsphinx 5prealpha entry points the engine uses (see
 * {@code /usr/include/pocketsphinx/pocketsphinx.h} and {@code ps_search.h}). Loaded by full soname
 * {@value #SONAME}: the unversioned link only comes with {@code libpocketsphinx-dev}. {@code size_t}
 * is mapped to {@code long} (LP64).
 */
interface PocketSphinxLibrary extends Library {

    String SONAME = "libpocketsphinx.so.3";

    /** {@code arg_t const *ps_args(void)}: the option definitions for {@code cmd_ln_init}. */
    Pointer ps_args();

    /** Retains {@code config}; returns {@code NULL} on failure. */
    Pointer ps_init(Pointer config);

    int ps_free(Pointer ps);

    /** Owned by the decoder. */
    Pointer ps_get_logmath(Pointer ps);

    /**
     * Adds a word to the dictionary; both strings are copied. Returns the word id, or {@code <0}
     * (unknown phone, duplicate...).
     */
    int ps_add_word(Pointer ps, String word, String phones, int update);

    /** The word's phones, allocated: free with {@code ckd_free}; {@code NULL} when not in the dictionary. */
    Pointer ps_lookup_word(Pointer ps, String word);

    /** Adds an n-gram search; the search retains {@code lm} and copies {@code name}. */
    int ps_set_lm(Pointer ps, String name, Pointer lm);

    int ps_set_search(Pointer ps, String name);

    /** Resets the noise statistics of the front end (voice-activity detector) for a new stream. */
    int ps_start_stream(Pointer ps);

    int ps_start_utt(Pointer ps);

    /** Number of frames searched, or {@code <0} on error. */
    int ps_process_raw(Pointer ps, short[] data, long nSamples, int noSearch, int fullUtt);

    int ps_end_utt(Pointer ps);

    /** Best hypothesis so far (owned by the decoder, valid until the next call), or {@code NULL}. */
    Pointer ps_get_hyp(Pointer ps, IntByReference outBestScore);

    /** Log (base of the decoder's logmath) posterior probability of the final hypothesis. */
    int ps_get_prob(Pointer ps);

    /**
     * An iterator over the best hypotheses of the final lattice (A* search), already on the first
     * one, or {@code NULL} when there is none.
     */
    Pointer ps_nbest(Pointer ps);

    /** Moves to the next hypothesis; {@code NULL} (and the iterator freed) when there are no more. */
    Pointer ps_nbest_next(Pointer nbest);

    /** The current hypothesis (owned by the iterator, valid until the next call), or {@code NULL}. */
    Pointer ps_nbest_hyp(Pointer nbest, IntByReference outScore);

    /** Frees an iterator that was not run to its end. */
    void ps_nbest_free(Pointer nbest);

    /** The front end's voice-activity state: 1 in speech, 0 not. */
    byte ps_get_in_speech(Pointer ps);

    int ps_get_n_frames(Pointer ps);

    /** The decoder's feature computation ({@code feat_t}, owned by the decoder). */
    Pointer ps_get_feat(Pointer ps);

    /** Reads an MLLR transform file; {@code NULL} when it cannot be read. Reference count 1. */
    Pointer ps_mllr_read(String file);

    /**
     * Adapts the acoustic model with {@code mllr}, taking the caller's reference over (the previous
     * transform is freed). The means are reloaded from the model files first, so transforms never
     * accumulate.
     */
    Pointer ps_update_mllr(Pointer ps, Pointer mllr);

    int ps_mllr_free(Pointer mllr);
}
