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
 */
public interface AudioSink extends Closeable {

    /** Bytes in 200 ms of 16 kHz 16-bit mono audio: the chunk size sent on the wire. */
    int CHUNK_BYTES = 6400;

    /** The dialog this recognition started. */
    String dialogRequestId();

    /** Appends PCM bytes. @throws IOException if the request failed or was cancelled */
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
