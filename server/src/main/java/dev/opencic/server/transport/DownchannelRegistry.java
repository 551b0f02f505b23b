package dev.opencic.server.transport;

import dev.opencic.server.api.CicException;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import java.util.concurrent.CompletableFuture;

/**
 * Who has an open downchannel. Exactly one per device: opening a new one closes the previous one.
 * The local implementation keeps them in memory; the clustered one ({@code cluster.ClusterDownchannels})
 * wraps it and also publishes ownership in Redis, so other nodes route pushes to the holding node.
 */
public interface DownchannelRegistry extends DirectivePusher {

    /**
     * Registers a freshly opened downchannel, closing the device's previous one.
     *
     * @throws CicException {@code 429} when the device opened too many downchannels in a short window
     */
    void register(Downchannel downchannel);

    /**
     * Closes the device's downchannel if open, after a {@code System.Exception} part saying why
     * (e.g. 401 when its token was revoked), so the device can tell this from being replaced by
     * its own newer downchannel.
     */
    void close(DeviceIdentity device, int code, String description);

    /**
     * {@link #isOpen} without blocking the caller (the transport asks on the event loop): complete
     * at once when this node knows (its own downchannels), else when the answer arrives (in cluster
     * mode, Redis's presence of a device held on another node). Never completes exceptionally.
     */
    default CompletableFuture<Boolean> checkOpen(DeviceIdentity device) {
        return CompletableFuture.completedFuture(isOpen(device));
    }

    /**
     * Whether the device may open a downchannel now, as far as a limit shared with other nodes
     * says (cluster mode); {@link #register} still applies this node's. Never completes exceptionally.
     */
    default CompletableFuture<Boolean> admitOpen(DeviceIdentity device) {
        return CompletableFuture.completedFuture(true);
    }

    /** Number of open downchannels on this node. */
    int size();
}
