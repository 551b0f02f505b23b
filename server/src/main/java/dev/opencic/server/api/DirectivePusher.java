package dev.opencic.server.api;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Sends cloud-initiated directives to a device on its downchannel. The one API other components
 * (reminders, alerts, account changes) use; in cluster mode it routes to the node holding the
 * device's downchannel.
 */
public interface DirectivePusher {

    /**
     * Pushes the reply's parts on the device's downchannel, in order and not interleaved with other
     * pushes. Completes with {@code true} once written, {@code false} when the device has no open
     * downchannel (the caller decides whether to hold the message for later).
     */
    CompletableFuture<Boolean> push(DeviceIdentity device, Reply reply);

    /**
     * Pushes like {@link #push}, but completes {@code true} only once the device has demonstrably
     * read the reply (an HTTP/2 PING sent after it on the same connection was acknowledged);
     * {@code false} when it was not written or not confirmed, and the caller keeps it to send again
     * (e.g. when the device next opens its downchannel). For what must not be lost. A pusher that
     * cannot confirm reads answers like {@link #push}.
     */
    default CompletableFuture<Boolean> pushConfirmed(DeviceIdentity device, Reply reply) {
        return push(device, reply);
    }

    /** Whether the device has an open downchannel (events are refused with 412 otherwise). */
    boolean isOpen(DeviceIdentity device);

    /** Called with each device whose downchannel opens; lets held messages be delivered. */
    void addOpenListener(Consumer<DeviceIdentity> listener);
}
