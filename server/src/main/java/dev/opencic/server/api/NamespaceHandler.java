package dev.opencic.server.api;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Handles the events of one CIC namespace. Called on an event-loop thread: do blocking work on
 * {@link EventRequest#blockingExecutor()}. Throw or complete exceptionally with
 * {@link dev.opencic.server.api.CicException} for a bad request; anything else is a fault.
 */
public interface NamespaceHandler {

    String namespace();

    /** The event names of this namespace the handler accepts; others get {@code 400}. */
    Set<String> eventNames();

    /** Whether this event takes an {@code audio} part; audio sent with other events is discarded. */
    default boolean acceptsAudio(String eventName) {
        return false;
    }

    CompletableFuture<Reply> handle(EventRequest request);
}
