package dev.opencic.server.api;

import java.util.ArrayList;
import java.util.List;
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
    /** Chunks kept while the dispatch waits ({@link #hold}); null when not held. Event loop only. */
    private List<byte[]> held;
    private CompletableFuture<Void> heldGate;

    /**
     * Attaches the consumer. Chunks that arrived before are handed over by {@link #release} (while
     * held), otherwise there are none: see below.
     */
    public void subscribe(Consumer consumer) {
        if (this.consumer != null) {
            throw new IllegalStateException("audio already has a consumer");
        }
        this.consumer = consumer;
        if (held != null) {
            return; // release() hands over the kept chunks first, then the end or the failure
        }
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
    // before the first audio byte is fed, so no chunk can arrive without a consumer listening --
    // except while the dispatch itself waits (cluster mode: the event's claim in Redis), when the
    // transport holds the audio: chunks are kept and the upload paused until release().

    /** Transport side: keeps the chunks that arrive from now on, and pauses the upload, until {@link #release}. */
    public void hold() {
        if (held == null) {
            held = new ArrayList<>();
            heldGate = new CompletableFuture<>();
        }
    }

    /**
     * Transport side, after the dispatch: hands the kept chunks to the consumer in order (dropped
     * when nobody subscribed), then the end or failure that came meanwhile, then lets the upload go on.
     */
    public void release() {
        List<byte[]> chunks = held;
        CompletableFuture<Void> gate = heldGate;
        if (chunks == null) {
            return;
        }
        held = null;
        heldGate = null;
        Consumer c = consumer;
        CompletionStage<Void> replayed = DONE;
        if (c != null) {
            for (byte[] chunk : chunks) {
                replayed = replayed.thenCompose(v -> c.onAudio(chunk));
            }
        }
        replayed.whenComplete((v, e) -> {
            if (c != null) {
                if (failure != null) {
                    c.onError(failure);
                } else if (ended) {
                    c.onEnd();
                }
            }
            gate.complete(null);
        });
    }

    /** Transport side: hands one chunk to the consumer (or keeps it while held). */
    public CompletionStage<Void> deliver(byte[] chunk) {
        if (held != null) {
            held.add(chunk);
            return heldGate;
        }
        Consumer c = consumer;
        return c == null ? DONE : c.onAudio(chunk);
    }

    /** Transport side: the audio part ended normally. */
    public void end() {
        ended = true;
        if (held != null) {
            return; // after the kept chunks (release)
        }
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
        if (held != null) {
            return; // release() reports it after the kept chunks
        }
        Consumer c = consumer;
        if (c != null) {
            c.onError(cause);
        }
    }
}
