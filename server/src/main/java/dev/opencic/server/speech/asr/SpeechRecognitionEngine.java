package dev.opencic.server.speech.asr;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Streaming speech recognition: one {@link RecognitionSession} per utterance, fed 16 kHz mono 16-bit
 * little-endian PCM as it arrives. Engines are shared by all requests and safe to call from any
 * thread; sessions are not (see {@link RecognitionSession}).
 *
 * <p>Engines hold a fixed number of native decoders, created when the engine is built and reused:
 * {@link #open} never initialises one per request. When every decoder is busy, {@code open} waits
 * in first-come-first-served order.
 */
public interface SpeechRecognitionEngine extends AutoCloseable {

    /** A short name for logs and metrics, such as {@code pocketsphinx}. */
    String name();

    /** Languages this engine recognises, as CIC {@code lang} codes ({@code "en"}). */
    Set<String> languages();

    /** Whether the engine can recognise now; when false, {@link #unavailableReason()} says why. */
    boolean isAvailable();

    /** Why the engine is unavailable, with the command that fixes it; empty when available. */
    String unavailableReason();

    /**
     * Takes a decoder for one utterance. Completes at once when a decoder is free; otherwise waits
     * behind earlier callers (FIFO) for at most {@code maxWait}. Never blocks the calling thread.
     *
     * <p>Completes exceptionally with {@link RecognizerBusyException} when no decoder became free in
     * time, {@link UnsupportedLanguageException} for a language not in {@link #languages()}, and
     * {@link RecognizerUnavailableException} when the engine is unavailable or closed. Cancelling the
     * returned future gives up the place in the queue; a session that was handed over after all is
     * closed by the engine.
     *
     * <p>A waiting future is completed on the thread that frees the decoder (or on the pool's
     * timer thread): chain blocking work with the {@code *Async} methods.
     */
    CompletableFuture<RecognitionSession> open(String lang, Duration maxWait);

    /**
     * {@link #open(String, Duration)} for audio from a known channel: {@code channel} names the
     * device (microphone) it comes from, so that an engine may start from what it learnt of that
     * channel in its earlier utterances (PocketSphinx: the cepstral mean). Null = unknown channel.
     * Engines that keep nothing per channel ignore it.
     */
    default CompletableFuture<RecognitionSession> open(String lang, Duration maxWait, String channel) {
        return open(lang, maxWait);
    }

    /**
     * Adds sentences to those the engine was started with (replacing any added before), such as a
     * newly registered extension's samples: an engine that biases a language model rebuilds it in the
     * background, sessions opened before it is done keep the old one. Completes with true once the
     * model with them is in use, false when the engine keeps no such model (the default) or the
     * rebuild failed.
     */
    default CompletableFuture<Boolean> extendDomain(java.util.List<String> sentences) {
        return CompletableFuture.completedFuture(false);
    }

    /**
     * Whether the engine adapts to channels from utterances the dialogue understood ({@link #learn}):
     * when false (the default), callers need not keep an utterance's audio.
     */
    default boolean learnsChannels() {
        return false;
    }

    /**
     * An utterance of {@code channel} whose words the dialogue understood and acted on without asking
     * back, with those words: an engine that adapts to channels may keep it to learn the device's room
     * and voices (PocketSphinx with {@code asr-adaptation=N}). Returns at once; the engine may drop it.
     */
    default void learn(String channel, byte[] pcm16kMonoS16le, String words) {
    }

    /** Fails waiting {@link #open} calls and frees every decoder not in use (the rest when released). */
    @Override
    void close();
}
