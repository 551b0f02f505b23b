package dev.opencic.server.speech.asr;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The engine when recognition is turned off by configuration ({@code asr-pool-size=0}): it loads
 * nothing, and every spoken request is told why it cannot be served.
 */
public final class DisabledRecognitionEngine implements SpeechRecognitionEngine {

    private final String reason;

    public DisabledRecognitionEngine(String reason) {
        this.reason = reason;
    }

    @Override
    public String name() {
        return "disabled";
    }

    @Override
    public Set<String> languages() {
        return Set.of("en");
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    @Override
    public String unavailableReason() {
        return reason;
    }

    @Override
    public CompletableFuture<RecognitionSession> open(String lang, Duration maxWait) {
        return CompletableFuture.failedFuture(new RecognizerUnavailableException(reason));
    }

    @Override
    public void close() {}
}
