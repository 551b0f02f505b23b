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

    /** Whether the device has an open downchannel (events are refused with 412 otherwise). */
    boolean isOpen(DeviceIdentity device);

    /** Called with each device whose downchannel opens; lets held messages be delivered. */
    void addOpenListener(Consumer<DeviceIdentity> listener);
}
