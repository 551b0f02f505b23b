package dev.opencic.server.api;

import dev.opencic.protocol.Event;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * One event as a handler sees it: who sent it, the parsed event, its audio (possibly still arriving)
 * and an executor for blocking work (database, engines), since handlers are called on an event loop.
 */
public record EventRequest(DeviceIdentity device, Event event, AudioInput audio, Executor blockingExecutor) {
    public EventRequest {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(blockingExecutor, "blockingExecutor");
    }

    public String dialogRequestId() {
        return event.dialogRequestId();
    }
}
