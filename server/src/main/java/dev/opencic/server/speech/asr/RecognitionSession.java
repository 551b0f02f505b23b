package dev.opencic.server.speech.asr;

/**
 * One utterance on one decoder. Use from one thread at a time (calls may hop threads, as on a
 * blocking executor), never from an event loop: {@link #feed} and {@link #finish} run the decoder
 * and take milliseconds to a few hundred milliseconds. {@link #cancel()} and {@link #close()} may
 * be called from any thread, also while another thread is in {@link #feed}; they never block on
 * the decoder.
 *
 * <p>Always {@link #close()} the session (try-with-resources): that returns the decoder to the pool.
 */
public interface RecognitionSession extends AutoCloseable {

    /**
     * Decodes the next chunk of 16 kHz mono signed 16-bit little-endian PCM. Chunks may have any
     * length, also odd: a trailing odd byte is kept and joined to the next chunk.
     *
     * @return what changed with this chunk
     * @throws IllegalStateException after {@link #finish()}, {@link #cancel()} or {@link #close()}
     * @throws SpeechRecognitionException when the decoder fails (the session is then unusable)
     */
    RecognitionUpdate feed(byte[] pcm16kMonoS16le);

    /**
     * Ends the utterance and returns the final hypothesis. Further {@link #feed} calls fail;
     * calling {@code finish} again returns the same result.
     */
    RecognitionResult finish();

    /**
     * Abandons the utterance and returns the decoder to the pool at once (when no other thread is
     * inside {@link #feed}; otherwise as soon as that call returns). Idempotent.
     */
    void cancel();

    /** Returns the decoder to the pool (cancelling the utterance if it was not finished). Idempotent. */
    @Override
    void close();
}
