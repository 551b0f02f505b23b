package dev.opencic.server.api;

import dev.opencic.protocol.ContextObject;

/**
 * Follows one kind of context object (e.g. {@code AudioPlayer.PlaybackState}) as devices report it
 * with their events. Called on an event-loop thread before the event's handler runs, so the handler
 * sees the updated state: keep it to an in-memory update and move anything slow elsewhere.
 */
@FunctionalInterface
public interface ContextObserver {
    void observe(DeviceIdentity device, ContextObject context);
}
