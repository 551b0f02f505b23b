package dev.opencic.server.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code audio} part of an event while it is still arriving. The transport hands each chunk to
 * the consumer and asks the device for more only when the consumer's stage completes, so audio is
 * processed as it streams in and never buffered whole.
 */
public final class AudioInput {

    /** Receives audio chunks in order; return a stage that completes when you can take more. */
    public interface Consumer {
        CompletionStage<Void> onAudio(byte[] chunk);

        void onEnd();

        void onError(Throwable cause);
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private volatile Consumer consumer;
    private volatile boolean ended;
    private volatile Throwable failure;

    /** Attaches the consumer; chunks that arrived before are not replayed (there are none: see below). */
    public void subscribe(Consumer consumer) {
        if (this.consumer != null) {
            throw new IllegalStateException("audio already has a consumer");
        }
        this.consumer = consumer;
        if (failure != null) {
            consumer.onError(failure);
        } else if (ended) {
            consumer.onEnd();
        }
    }

    public boolean hasConsumer() {
        return consumer != null;
    }

    // The transport calls these. A handler subscribes synchronously inside handle(), which runs
    // before the first audio byte is fed, so no chunk can arrive without a consumer listening.
    /** Transport side: hands one chunk to the consumer. */
    public CompletionStage<Void> deliver(byte[] chunk) {
        Consumer c = consumer;
        return c == null ? DONE : c.onAudio(chunk);
    }

    /** Transport side: the audio part ended normally. */
    public void end() {
        ended = true;
        Consumer c = consumer;
        if (c != null) {
            c.onEnd();
        }
    }

    /** Transport side: the upload broke off (client abort, limit). */
    public void fail(Throwable cause) {
        if (ended || failure != null) {
            return;
        }
        failure = cause;
        Consumer c = consumer;
        if (c != null) {
            c.onError(cause);
        }
    }
}
