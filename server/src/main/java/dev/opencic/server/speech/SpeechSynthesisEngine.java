package dev.opencic.server.speech;

import java.util.Set;

/**
 * Text to speech, encoded as MP3 ({@code AUDIO_MPEG}, what {@code SpeechSynthesizer.Speak} carries).
 * Engines are shared by all requests and must be safe to call from several threads at once.
 */
public interface SpeechSynthesisEngine extends AutoCloseable {

    /** A short name for logs and metrics, such as {@code flite}. */
    String name();

    /** Languages this engine speaks, as CIC {@code lang} codes ({@code "en"}). */
    Set<String> languages();

    /** Whether the engine can synthesise now; when false, {@link #unavailableReason()} says why. */
    boolean isAvailable();

    /** Why the engine is unavailable, with the command that fixes it; empty when available. */
    String unavailableReason();

    /**
     * Synthesises {@code text} in {@code lang} and hands MP3 bytes to {@code sink} as soon as they
     * are encoded, sentence by sentence, so the device can start playing before the whole text is
     * done. Blocks until the text is fully synthesised; never call it from an event loop.
     *
     * @throws SpeechSynthesisException when the language is not supported or the engine fails
     */
    void synthesize(String text, String lang, Mp3Sink sink) throws SpeechSynthesisException;

    @Override
    default void close() {}

    /** Receives MP3 bytes in order. The array is the sink's to keep. */
    @FunctionalInterface
    interface Mp3Sink {
        void write(byte[] mp3);
    }
}
