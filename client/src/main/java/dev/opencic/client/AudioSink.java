package dev.opencic.client;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The audio of a {@code SpeechRecognizer.Recognize} event in flight. Write PCM (16 kHz, 16-bit
 * little-endian, mono) as it is captured; the client sends it in 200 ms chunks while the request
 * is already open, so the server recognises while the user is still talking. {@link #close()} ends
 * the upload; {@link #cancel()} aborts the request. Writes may block briefly under HTTP/2 flow
 * control. Not for concurrent use by several writer threads.
 *
 * <p><b>StopCapture.</b> When the server sends {@code SpeechRecognizer.StopCapture} for this
 * sink's dialog (in the response or on the downchannel) while the upload is open, the SDK ends the
 * upload itself the moment the directive arrives: audio written so far is sent, the body is closed
 * cleanly, and from then on {@link #write} silently discards its audio (it neither sends nor
 * throws) and {@link #close()} does nothing. {@link #response()} still completes with the answer.
 * The directive also reaches the {@code SpeechRecognizer} agent as usual, which is where the app
 * should stop capturing.
 */
public interface AudioSink extends Closeable {

    /** Bytes in 200 ms of 16 kHz 16-bit mono audio: the chunk size sent on the wire. */
    int CHUNK_BYTES = 6400;

    /** The dialog this recognition started. */
    String dialogRequestId();

    /**
     * Appends PCM bytes; ignored once the server sent StopCapture for this dialog.
     *
     * @throws IOException if the request failed or was cancelled
     */
    void write(byte[] pcm, int offset, int length) throws IOException;

    /** Appends all of {@code pcm}. */
    default void write(byte[] pcm) throws IOException {
        write(pcm, 0, pcm.length);
    }

    /** Ends the audio: sends what is buffered and closes the upload. Idempotent. */
    @Override
    void close() throws IOException;

    /** Aborts the request; {@link #response()} completes exceptionally. Idempotent. */
    void cancel();

    /** The server's answer; completes after the upload ended and the response was read. */
    CompletableFuture<EventResponse> response();
}
