package dev.opencic.server.speech.asr;

import dev.opencic.server.speech.asr.adaptation.ChannelAdaptation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link RecognitionSession} on one leased {@link PocketSphinxDecoder}. All decoder calls happen
 * under {@link #calls}; {@link #cancel()} and {@link #close()} only {@code tryLock} it, so they never
 * wait for a decode: when a {@link #feed} is running, that call hands the decoder back on its way out.
 */
final class PocketSphinxSession implements RecognitionSession {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PocketSphinxSession.class);

    private enum State { OPEN, FINISHED, CANCELLED, FAILED }

    private final PocketSphinxEngine engine;
    private final PocketSphinxDecoder decoder;
    private final long lease;
    private final SpeechActivityTracker activity;
    /** The detector that says when the talker speaks instead of PocketSphinx's, or null (the default). */
    private final EnergySpeechDetector energy;
    private final ReentrantLock calls = new ReentrantLock();
    private final HypothesisSelector selector;
    private final int maxPaths;
    private final ChannelMeans channelMeans;
    /** The device (microphone) this audio comes from, or null; see {@link ChannelMeans}. */
    private final String channel;

    private volatile State state = State.OPEN;
    /** Set once, under {@link #calls}, when the decoder is given back. */
    private boolean released;
    private boolean started;
    /** The odd byte left over from the previous chunk, or -1. */
    private int pendingByte = -1;
    private long samples;
    private long processingNanos;
    private String lastPartial = "";
    private RecognitionResult result;

    PocketSphinxSession(PocketSphinxEngine engine, PocketSphinxDecoder decoder, long warmupMillis,
            HypothesisSelector selector, int maxPaths, ChannelMeans channelMeans, String channel,
            boolean energyEndpointing) {
        this.engine = engine;
        this.channelMeans = channelMeans;
        this.channel = channel;
        this.selector = selector;
        this.maxPaths = maxPaths;
        this.decoder = decoder;
        this.lease = decoder.newLease();
        this.activity = new SpeechActivityTracker(warmupMillis, 15);
        this.energy = energyEndpointing ? EnergySpeechDetector.measured() : null;
    }

    @Override
    public RecognitionUpdate feed(byte[] pcm) {
        calls.lock();
        try {
            ensureOpen();
            long t0 = System.nanoTime();
            try {
                if (!started) {
                    ChannelAdaptation adaptation = engine.adaptation();
                    if (adaptation != null) {
                        decoder.adaptTo(adaptation.transformOf(channel), adaptation.identity());
                    }
                    decoder.startUtterance(channelMeans.get(channel));
                    started = true;
                }
                int total = pcm.length + (pendingByte >= 0 ? 1 : 0);
                int n = total / 2;
                short[] s = new short[n];
                int src = 0;
                for (int i = 0; i < n; i++) {
                    int lo;
                    if (i == 0 && pendingByte >= 0) {
                        lo = pendingByte;
                    } else {
                        lo = pcm[src++] & 0xff;
                    }
                    int hi = pcm[src++];
                    s[i] = (short) ((hi << 8) | lo);
                }
                if (total % 2 == 0) {
                    pendingByte = -1;
                } else if (pcm.length > 0) {
                    pendingByte = pcm[pcm.length - 1] & 0xff;
                } // else: an empty chunk, the pending byte stays
                long chunkStart = samples / 16;
                if (n > 0) {
                    decoder.process(s, n);
                }
                samples += n;
                short[] replay = energy != null ? energy.accept(s, n) : null;
                if (replay != null && !activity.speechDetected()) {
                    // the talker starts here: the search forgets the lead noise it heard as words
                    decoder.restartUtterance(channelMeans.get(channel));
                    decoder.process(replay, replay.length);
                    activity.utteranceRestarted();
                }
                SpeechActivityTracker.Events ev = activity.update(s, n, chunkStart,
                        energy != null ? energy.inSpeech() : decoder.inSpeech());
                String partial = null;
                if (activity.speechDetected()) {
                    String hyp = TranscriptNormalizer.normalize(decoder.hypothesis());
                    if (!hyp.equals(lastPartial)) {
                        lastPartial = hyp;
                        partial = hyp;
                    }
                }
                return new RecognitionUpdate(partial, ev.speechStarted(), ev.endOfSpeech(), samples / 16);
            } catch (RuntimeException e) {
                decoder.markBroken();
                state = State.FAILED;
                throw new SpeechRecognitionException("speech decoding failed: " + e.getMessage(), e);
            } finally {
                processingNanos += System.nanoTime() - t0;
            }
        } finally {
            calls.unlock();
            releaseIfAbandoned();
        }
    }

    @Override
    public RecognitionResult finish() {
        calls.lock();
        try {
            if (result != null) {
                return result;
            }
            ensureOpen();
            long t0 = System.nanoTime();
            try {
                String text = "";
                double confidence = 0;
                List<String> alternatives = List.of();
                if (started) {
                    decoder.endUtterance();
                    if (activity.speechDetected()) {
                        // what this utterance taught the decoder about the channel, for its next one
                        channelMeans.put(channel, decoder.cepstralMean());
                        text = TranscriptNormalizer.normalize(decoder.hypothesis());
                        if (!text.isEmpty()) {
                            // per-word geometric mean of the sentence posterior: comparable across lengths
                            double posterior = decoder.posterior();
                            int words = text.split(" ").length;
                            confidence = Math.pow(posterior, 1.0 / words);
                            alternatives = alternatives(text);
                            int chosen = choose(alternatives);
                            if (chosen > 0 && chosen < alternatives.size()) {
                                text = alternatives.get(chosen);
                            }
                        }
                    }
                }
                processingNanos += System.nanoTime() - t0;
                result = new RecognitionResult(text, confidence, samples / 16, activity.speechDetected(), processingNanos,
                        alternatives);
                state = State.FINISHED;
                engine.recordResult(result);
                return result;
            } catch (RuntimeException e) {
                decoder.markBroken();
                state = State.FAILED;
                throw new SpeechRecognitionException("speech decoding failed: " + e.getMessage(), e);
            }
        } finally {
            calls.unlock();
            releaseIfAbandoned();
        }
    }

    @Override
    public void cancel() {
        if (state == State.OPEN) {
            state = State.CANCELLED;
        }
        releaseIfAbandoned();
    }

    @Override
    public void close() {
        if (state == State.OPEN) {
            state = State.CANCELLED;
        }
        releaseIfAbandoned();
    }

    /** Hands the decoder back once the session is over and no call is running. */
    private void releaseIfAbandoned() {
        if (state == State.OPEN || !calls.tryLock()) {
            return;
        }
        try {
            if (released) {
                return;
            }
            released = true;
            engine.release(decoder, lease);
        } finally {
            calls.unlock();
        }
    }

    /**
     * The 1-best text followed by the other distinct texts of the lattice's best paths (paths that
     * differ only in fillers, pronunciation variants or timing normalise to the same text).
     */
    private List<String> alternatives(String best) {
        if (selector == null || maxPaths <= 1 || !wanted(best)) {
            return List.of(best);
        }
        Set<String> distinct = new LinkedHashSet<>();
        distinct.add(best);
        for (String raw : decoder.nbest(maxPaths)) {
            String t = TranscriptNormalizer.normalize(raw);
            if (!t.isEmpty()) {
                distinct.add(t);
            }
        }
        return List.copyOf(distinct);
    }

    private boolean wanted(String best) {
        try {
            return selector.wantsAlternatives(best);
        } catch (RuntimeException e) {
            log.warn("hypothesis selector failed: keeping the best-scoring hypothesis", e);
            return false;
        }
    }

    /** The selector's choice; a failing selector is logged and the 1-best kept. */
    private int choose(List<String> candidates) {
        if (selector == null || candidates.size() < 2) {
            return 0;
        }
        try {
            return selector.select(candidates);
        } catch (RuntimeException e) {
            log.warn("hypothesis selector failed: keeping the best-scoring hypothesis", e);
            return 0;
        }
    }

    /** The leased decoder, for tests. */
    PocketSphinxDecoder decoder() {
        return decoder;
    }

    private void ensureOpen() {
        if (released || state != State.OPEN) {
            throw new IllegalStateException("the recognition session is " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (decoder.lease() != lease) {
            throw new IllegalStateException("the decoder was reassigned");
        }
    }
}
