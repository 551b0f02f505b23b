package dev.opencic.server.speech.asr;

import java.time.Duration;

/** Every decoder stayed busy for the whole wait allowed: the server is at capacity (HTTP 503). */
public final class RecognizerBusyException extends SpeechRecognitionException {

    private static final long serialVersionUID = 1L;

    private final int poolSize;
    private final Duration waited;

    public RecognizerBusyException(int poolSize, Duration waited) {
        super("all " + poolSize + " speech decoders stayed busy for " + waited.toMillis() + " ms");
        this.poolSize = poolSize;
        this.waited = waited;
    }

    public int poolSize() {
        return poolSize;
    }

    public Duration waited() {
        return waited;
    }
}
