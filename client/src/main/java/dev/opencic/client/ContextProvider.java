package dev.opencic.client;

import java.util.Optional;

/**
 * Supplies one context object (for example {@code Speaker.VolumeState}) for the events a {@link
 * CicClient} sends. Called on the thread that sends the event: return the current state quickly,
 * without blocking. Ready-made settable providers live in {@code dev.opencic.client.context}.
 */
@FunctionalInterface
public interface ContextProvider {

    /** The current context object, or empty when there is nothing to report right now. */
    Optional<ContextState> context();
}
