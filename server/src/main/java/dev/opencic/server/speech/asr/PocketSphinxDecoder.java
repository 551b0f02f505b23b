package dev.opencic.server.speech.asr;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * One native {@code ps_decoder_t} with its interpolated n-gram search. Not thread-safe: the pool
 * hands it to one session at a time. A decoder whose native call failed is marked {@link #broken()}
 * and rebuilt by the pool before anyone uses it again.
 */
final class PocketSphinxDecoder {

    /** The name of the one n-gram search every decoder has. */
    static final String SEARCH = "opencic";

    /** Everything needed to build identical decoders. */
    /** {@code generalLm} or {@code domainArpa} may be null (not both). */
    record Config(Path modelDir, Path acousticModel, Path dictionary, Path generalLm, Path domainArpa,
            float domainWeight, int vadPostSpeech, int vadPreSpeech, double vadThreshold,
            Map<String, String> extraPronunciations, Map<String, String> searchOptions) {}

    private final PocketSphinxLibrary ps;
    private final SphinxBaseLibrary sb;
    private final int id;
    private Pointer decoder;
    private Pointer logmath;
    /** The live cepstral-mean state and its value right after initialisation, or null if unknown. */
    private Pointer cmn;
    private float[] initialCmn;
    private volatile boolean inUtterance;
    private volatile boolean broken;
    /** Counts leases: a session holding an old lease number must not touch the decoder. */
    private volatile long lease;
    /** The MLLR transform the acoustic model is adapted with, or null for the model as shipped. */
    private Path transform;

    private PocketSphinxDecoder(PocketSphinxLibrary ps, SphinxBaseLibrary sb, int id) {
        this.ps = ps;
        this.sb = sb;
        this.id = id;
    }

    int id() {
        return id;
    }

    long lease() {
        return lease;
    }

    long newLease() {
        return ++lease;
    }

    boolean broken() {
        return broken;
    }

    void markBroken() {
        broken = true;
    }

    boolean inUtterance() {
        return inUtterance;
    }

    /** Builds a decoder: acoustic model, dictionary plus extra words, interpolated LM. */
    static PocketSphinxDecoder create(PocketSphinxLibrary ps, SphinxBaseLibrary sb, int id, Config c) {
        PocketSphinxDecoder d = new PocketSphinxDecoder(ps, sb, id);
        d.init(c);
        return d;
    }

    private void init(Config c) {
        // explicit search options win over these (cmd_ln_init refuses an option given twice)
        Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("-hmm", c.acousticModel().toString());
        options.put("-dict", c.dictionary().toString());
        options.put("-samprate", "16000");
        options.put("-vad_postspeech", Integer.toString(c.vadPostSpeech()));
        options.put("-vad_prespeech", Integer.toString(c.vadPreSpeech()));
        options.put("-vad_threshold", Double.toString(c.vadThreshold()));
        options.putAll(c.searchOptions());
        java.util.List<Object> args = new java.util.ArrayList<>();
        options.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        args.add(null);
        Pointer config = sb.cmd_ln_init(null, ps.ps_args(), 1, args.toArray());
        if (config == null) {
            throw new IllegalStateException("cmd_ln_init rejected the decoder options " + c.searchOptions());
        }
        try {
            Pointer p = ps.ps_init(config);
            if (p == null) {
                throw new IllegalStateException("ps_init failed for acoustic model " + c.acousticModel()
                        + " and dictionary " + c.dictionary());
            }
            decoder = p;
            logmath = ps.ps_get_logmath(p);
            for (Map.Entry<String, String> e : c.extraPronunciations().entrySet()) {
                if (ps.ps_add_word(p, e.getKey(), e.getValue(), 0) < 0) {
                    throw new IllegalStateException("ps_add_word failed for '" + e.getKey() + "' /" + e.getValue() + "/");
                }
            }
            Pointer domain = null;
            Pointer general = null;
            if (c.domainArpa() != null) {
                domain = sb.ngram_model_read(config, c.domainArpa().toString(), SphinxBaseLibrary.NGRAM_ARPA, logmath);
                if (domain == null) {
                    throw new IllegalStateException("could not read the domain language model " + c.domainArpa());
                }
            }
            if (c.generalLm() != null) {
                general = sb.ngram_model_read(config, c.generalLm().toString(), SphinxBaseLibrary.NGRAM_AUTO, logmath);
                if (general == null) {
                    if (domain != null) {
                        sb.ngram_model_free(domain);
                    }
                    throw new IllegalStateException("could not read the language model " + c.generalLm());
                }
            }
            Pointer lm;
            if (domain != null && general != null) {
                Memory names = new Memory(2L * Native.POINTER_SIZE);
                Memory domainName = cString("domain");
                Memory generalName = cString("general");
                names.setPointer(0, domainName);
                names.setPointer(Native.POINTER_SIZE, generalName);
                lm = sb.ngram_model_set_init(config, new Pointer[] {domain, general}, names,
                        new float[] {c.domainWeight(), 1f - c.domainWeight()}, 2);
                // the names are copied by now; until then only the native array pointed at them
                java.lang.ref.Reference.reachabilityFence(domainName);
                java.lang.ref.Reference.reachabilityFence(generalName);
                if (lm == null) {
                    sb.ngram_model_free(domain);
                    sb.ngram_model_free(general);
                    throw new IllegalStateException("ngram_model_set_init failed");
                }
                releaseSubmodelReferences(domain, general);
            } else if (domain != null || general != null) {
                lm = domain != null ? domain : general;
            } else {
                throw new IllegalStateException("no language model: give domain sentences or a general model");
            }
            snapshotCepstralMean();
            int rv = ps.ps_set_lm(p, SEARCH, lm);
            sb.ngram_model_free(lm); // the search holds its own reference
            if (rv != 0 || ps.ps_set_search(p, SEARCH) != 0) {
                throw new IllegalStateException("ps_set_lm/ps_set_search failed");
            }
        } catch (RuntimeException | Error e) {
            free();
            throw e;
        } finally {
            sb.cmd_ln_free_r(config);
        }
    }

    /**
     * Which of sphinxbase's two behaviours {@code ngram_model_set_init} has: later releases retain
     * the sub-models (so the caller drops its references), 5prealpha takes the caller's references
     * over. The reference count is the first field of {@code ngram_model_t}.
     */
    private void releaseSubmodelReferences(Pointer domain, Pointer general) {
        if (domain.getInt(0) > 1) {
            sb.ngram_model_free(domain);
        }
        if (general.getInt(0) > 1) {
            sb.ngram_model_free(general);
        }
    }

    /**
     * Live cepstral mean normalisation carries its running mean from one utterance to the next: a
     * session would start from the previous user's channel and get different scores for the same
     * audio. The initial mean ({@code -cmninit}) is kept here and restored for every session whose
     * channel (device) is not known ({@link ChannelMeans}).
     */
    private void snapshotCepstralMean() {
        Pointer feat = ps.ps_get_feat(decoder);
        Pointer c = feat == null ? null : feat.getPointer(SphinxBaseLibrary.FEAT_CMN_STRUCT);
        int veclen = c == null ? 0 : c.getInt(SphinxBaseLibrary.CMN_VECLEN);
        if (veclen < 1 || veclen > 64) {
            return; // unexpected layout: leave CMN alone rather than write out of bounds
        }
        float[] mean = new float[veclen];
        sb.cmn_live_get(c, mean);
        cmn = c;
        initialCmn = mean;
    }

    /**
     * Starts a new stream and utterance with the state of a fresh decoder: noise estimate of the
     * voice-activity detector ({@code ps_start_stream}) reset, and the cepstral mean set to
     * {@code cepstralMean} (a channel's, from {@link #cepstralMean()} after its last utterance) or,
     * when null or of the wrong length, to the model's initial mean.
     */
    void startUtterance(float[] cepstralMean) {
        check();
        if (cmn != null) {
            sb.cmn_live_set(cmn, cepstralMean != null && cepstralMean.length == initialCmn.length
                    ? cepstralMean : initialCmn);
        }
        if (ps.ps_start_stream(decoder) < 0 || ps.ps_start_utt(decoder) < 0) {
            broken = true;
            throw new IllegalStateException("ps_start_utt failed on decoder " + id);
        }
        inUtterance = true;
    }

    /**
     * Ends the utterance and starts a new one in the same stream: the search forgets what it heard,
     * the voice-activity detector keeps its noise estimate ({@code ps_start_stream} is not called),
     * and the cepstral mean is set again as {@link #startUtterance} sets it (the ended utterance
     * would otherwise have taught it the noise).
     */
    void restartUtterance(float[] cepstralMean) {
        check();
        if (ps.ps_end_utt(decoder) < 0) {
            broken = true;
            throw new IllegalStateException("ps_end_utt failed on decoder " + id);
        }
        if (cmn != null) {
            sb.cmn_live_set(cmn, cepstralMean != null && cepstralMean.length == initialCmn.length
                    ? cepstralMean : initialCmn);
        }
        if (ps.ps_start_utt(decoder) < 0) {
            broken = true;
            throw new IllegalStateException("ps_start_utt failed on decoder " + id);
        }
    }

    /**
     * Adapts the acoustic model with a channel's MLLR transform ({@code ps_update_mllr}), or gives it
     * back the model as shipped ({@code identity}) when {@code wanted} is null. Nothing happens when
     * the decoder already has it, so switching costs only when consecutive sessions differ (the means
     * are reloaded from the model files: a few milliseconds). A transform that cannot be read is
     * logged and the model as shipped used: a device is never refused for its adaptation.
     */
    void adaptTo(Path wanted, Path identity) {
        check();
        if (java.util.Objects.equals(wanted, transform)) {
            return;
        }
        Pointer mllr = ps.ps_mllr_read((wanted != null ? wanted : identity).toString());
        if (mllr == null && wanted != null) {
            org.slf4j.LoggerFactory.getLogger(PocketSphinxDecoder.class)
                    .warn("event=AdaptationUnreadable file={}: decoding with the model as shipped", wanted);
            wanted = null;
            if (transform == null) {
                return;
            }
            mllr = ps.ps_mllr_read(identity.toString());
        }
        if (mllr == null || ps.ps_update_mllr(decoder, mllr) == null) {
            broken = true;
            throw new IllegalStateException("could not apply the acoustic adaptation " + wanted + " on decoder " + id);
        }
        transform = wanted;
    }

    /** The transform the decoder is adapted with now, or null; for tests. */
    Path transform() {
        return transform;
    }

    /** Decodes {@code n} samples; returns frames searched. */
    int process(short[] samples, int n) {
        check();
        int rv = ps.ps_process_raw(decoder, samples, n, 0, 0);
        if (rv < 0) {
            broken = true;
            throw new IllegalStateException("ps_process_raw failed on decoder " + id + ": " + rv);
        }
        return rv;
    }

    boolean inSpeech() {
        check();
        return ps.ps_get_in_speech(decoder) != 0;
    }

    /** The raw best hypothesis so far, or "" when there is none. */
    String hypothesis() {
        check();
        Pointer hyp = ps.ps_get_hyp(decoder, new IntByReference());
        return hyp == null ? "" : hyp.getString(0, StandardCharsets.UTF_8.name());
    }

    /** The live cepstral mean now (after an utterance: what it learnt of the channel), or null. */
    float[] cepstralMean() {
        check();
        if (cmn == null) {
            return null;
        }
        float[] mean = new float[initialCmn.length];
        sb.cmn_live_get(cmn, mean);
        return mean;
    }

    void endUtterance() {
        check();
        inUtterance = false;
        if (ps.ps_end_utt(decoder) < 0) {
            broken = true;
            throw new IllegalStateException("ps_end_utt failed on decoder " + id);
        }
    }

    /**
     * Up to {@code maxPaths} hypotheses of the final lattice (after {@link #endUtterance()}), best
     * first, raw (fillers and duplicates included: paths that differ only in fillers or timing are
     * separate entries). Empty when there is no lattice.
     */
    java.util.List<String> nbest(int maxPaths) {
        check();
        java.util.List<String> out = new java.util.ArrayList<>();
        Pointer it = ps.ps_nbest(decoder);
        if (it == null) {
            return out;
        }
        IntByReference score = new IntByReference();
        // ps_nbest returns the iterator already on the best path
        while (true) {
            Pointer hyp = ps.ps_nbest_hyp(it, score);
            if (hyp != null) {
                out.add(hyp.getString(0, StandardCharsets.UTF_8.name()));
            }
            if (out.size() >= maxPaths) {
                break;
            }
            it = ps.ps_nbest_next(it);
            if (it == null) {
                return out; // finished: pocketsphinx freed the iterator
            }
        }
        ps.ps_nbest_free(it);
        return out;
    }

    /** Posterior probability of the final hypothesis (after {@link #endUtterance()}), in [0, 1]. */
    double posterior() {
        check();
        double p = sb.logmath_exp(logmath, ps.ps_get_prob(decoder));
        return Double.isFinite(p) ? Math.max(0, Math.min(1, p)) : 0;
    }

    /** Whether {@code word} is in this decoder's dictionary. */
    boolean inDictionary(String word) {
        check();
        Pointer phones = ps.ps_lookup_word(decoder, word);
        if (phones == null) {
            return false;
        }
        sb.ckd_free(phones);
        return true;
    }

    void free() {
        if (decoder != null) {
            ps.ps_free(decoder);
            decoder = null;
            logmath = null;
            cmn = null;
        }
    }

    private void check() {
        if (decoder == null) {
            throw new IllegalStateException("decoder " + id + " is freed");
        }
    }

    private static Memory cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(b.length + 1L);
        m.write(0, b, 0, b.length);
        m.setByte(b.length, (byte) 0);
        return m;
    }
}
