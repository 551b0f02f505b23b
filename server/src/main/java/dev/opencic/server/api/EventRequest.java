package dev.opencic.server.api;

import dev.opencic.protocol.Event;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * One event as a handler sees it: who sent it, the parsed event, its audio (possibly still arriving)
 * and an executor for blocking work (database, engines), since handlers are called on an event loop.
 *
 * <p>The executor is the request's slot in the server's bounded intent-and-skill stage: the first
 * task handed to it admits the request there, or fails with {@code 503} (before the task runs, so
 * before anything is changed) when the stage is full. {@code deadlineNanos} ({@link System#nanoTime()}
 * based, {@link Long#MAX_VALUE} for none) is when the device stops waiting for the answer: work
 * that cannot finish by then is better refused than started.
 *
 * <p>{@code accepted} completes when the whole request has been read and accepted, and fails when
 * it was refused after the handler started (a bad part after the audio, a body over the limit, the
 * device went away). An event without audio is dispatched only once its body is complete, so it is
 * already complete; a spoken request is dispatched at its metadata so recognition can run while
 * the device talks, and whatever changes state ({@code IntentPipeline} before a skill acts) must
 * wait for it: a refused request changes nothing.
 */
public record EventRequest(DeviceIdentity device, Event event, AudioInput audio, Executor blockingExecutor,
                           long deadlineNanos, CompletionStage<Void> accepted) {

    /** Immutable: {@code toCompletableFuture()} of a completed stage hands out a copy. */
    private static final CompletionStage<Void> ACCEPTED = CompletableFuture.completedStage(null);

    public EventRequest {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        Objects.requireNonNull(accepted, "accepted");
    }

    /** A request already read whole and accepted. */
    public EventRequest(DeviceIdentity device, Event event, AudioInput audio, Executor blockingExecutor,
                        long deadlineNanos) {
        this(device, event, audio, blockingExecutor, deadlineNanos, ACCEPTED);
    }

    /** A request without a deadline, already read whole and accepted. */
    public EventRequest(DeviceIdentity device, Event event, AudioInput audio, Executor blockingExecutor) {
        this(device, event, audio, blockingExecutor, Long.MAX_VALUE, ACCEPTED);
    }

    public String dialogRequestId() {
        return event.dialogRequestId();
    }

    /** Time left until the deadline (negative once it passed); {@code null} without a deadline. */
    public Duration remaining() {
        return deadlineNanos == Long.MAX_VALUE ? null : Duration.ofNanos(deadlineNanos - System.nanoTime());
    }
}
