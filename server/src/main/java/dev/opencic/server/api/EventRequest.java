package dev.opencic.server.api;

import dev.opencic.protocol.Event;
import java.time.Duration;
import java.util.Objects;
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
 */
public record EventRequest(DeviceIdentity device, Event event, AudioInput audio, Executor blockingExecutor,
                           long deadlineNanos) {
    public EventRequest {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(blockingExecutor, "blockingExecutor");
    }

    /** A request without a deadline. */
    public EventRequest(DeviceIdentity device, Event event, AudioInput audio, Executor blockingExecutor) {
        this(device, event, audio, blockingExecutor, Long.MAX_VALUE);
    }

    public String dialogRequestId() {
        return event.dialogRequestId();
    }

    /** Time left until the deadline (negative once it passed); {@code null} without a deadline. */
    public Duration remaining() {
        return deadlineNanos == Long.MAX_VALUE ? null : Duration.ofNanos(deadlineNanos - System.nanoTime());
    }
}
