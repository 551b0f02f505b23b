package dev.opencic.server.speech.asr;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The libsphinxbase 5prealpha entry points the engine uses (see
 * {@code /usr/include/x86_64-linux-gnu/sphinxbase/{cmd_ln,ngram_model,logmath,err}.h}). Loaded by
 * full soname {@value #SONAME}.
 */
interface SphinxBaseLibrary extends Library {

    String SONAME = "libsphinxbase.so.3";

    /** {@code ngram_file_type_t}. */
    int NGRAM_AUTO = 0;
    int NGRAM_ARPA = 1;

    /**
     * {@code cmd_ln_t *cmd_ln_init(cmd_ln_t *inout, arg_t const *defn, int32 strict, ...)}: name and
     * value strings, then a trailing {@code NULL}. Values are copied.
     */
    Pointer cmd_ln_init(Pointer inout, Pointer defn, int strict, Object... args);

    int cmd_ln_free_r(Pointer config);

    /** Returns {@code NULL} on failure. */
    Pointer ngram_model_read(Pointer config, String fileName, int fileType, Pointer logmath);

    /**
     * {@code ngram_model_t *ngram_model_set_init(cmd_ln_t *config, ngram_model_t **models,
     * char **names, const float32 *weights, int32 n_models)}: takes over the callers' references to
     * {@code models}; names are copied.
     */
    Pointer ngram_model_set_init(Pointer config, Pointer[] models, Pointer names, float[] weights, int nModels);

    /** Drops one reference. */
    int ngram_model_free(Pointer model);

    double logmath_exp(Pointer logmath, int logbP);

    /** {@code logmath_t *logmath_init(float64 base, int shift, int use_table)}. */
    Pointer logmath_init(double base, int shift, int useTable);

    int logmath_free(Pointer logmath);

    /** {@code uint32 const *ngram_model_get_counts(ngram_model_t *model)}: n-gram counts by order, unigrams first. */
    Pointer ngram_model_get_counts(Pointer model);

    /** {@code const char *ngram_word(ngram_model_t *model, int32 wid)}: {@code NULL} for an unknown id. */
    String ngram_word(Pointer model, int wid);

    /**
     * {@code int32 ngram_ng_score(ngram_model_t *model, int32 wid, int32 *history, int32 n_hist,
     * int32 *n_used)}: with no history, the word's unigram log-probability (logmath units).
     */
    int ngram_ng_score(Pointer model, int wid, Pointer history, int nHist, int[] nUsed);

    void ckd_free(Pointer ptr);

    /** {@code feat_t.cmn_struct} (LP64 offset, checked with offsetof against sphinxbase 5prealpha's feat.h). */
    long FEAT_CMN_STRUCT = 88;
    /** {@code cmn_t.veclen}. */
    long CMN_VECLEN = 28;

    /** Copies the live cepstral mean into {@code vec} ({@code veclen} floats; mfcc_t is float). */
    void cmn_live_get(Pointer cmn, float[] vec);

    /** Sets the live cepstral mean (and restarts its running window). */
    void cmn_live_set(Pointer cmn, float[] vec);

    /** Redirects sphinxbase's process-wide log ({@code E_INFO}...) to a file; {@code 0} on success. */
    int err_set_logfile(String path);
}
