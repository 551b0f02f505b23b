package dev.opencic.server.api;

import dev.opencic.protocol.Event;
import java.util.concurrent.CompletableFuture;

/**
 * Where the transport hands each parsed event: it asks for the event's route before reading any of
 * its audio, then dispatches it with the audio stream attached. The transport knows nothing else of
 * what happens to an event.
 */
public interface EventRouter {

    /**
     * Checks that the event can be routed, before any of its audio is read.
     *
     * @throws CicException {@code 400} naming the unknown namespace or name
     */
    Route route(Event event);

    /** A routed event; {@link #dispatch} runs its handler. */
    interface Route {

        /** Whether the event's handler reads an {@code audio} part (otherwise it is discarded). */
        boolean acceptsAudio();

        CompletableFuture<Reply> dispatch(EventRequest request);
    }
}
