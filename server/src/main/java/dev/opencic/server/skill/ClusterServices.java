package dev.opencic.server.skill;

import dev.opencic.server.api.DeviceIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a module shares with the other nodes of a cluster (issue 19), so no skill needs to know
 * whether it runs clustered: a secret every node agrees on, leases for work one node should do
 * for all, and short-lived values every node reads ({@link SharedValues}). {@link #SINGLE} on one node: no shared secret (the module keeps its own) and every lease held.
 */
public interface ClusterServices {

    ClusterServices SINGLE = new ClusterServices() {
        @Override
        public Optional<byte[]> sharedSecret(String name) {
            return Optional.empty();
        }

        @Override
        public boolean holdsLease(String name, Duration ttl) {
            return true;
        }
    };

    /** The cluster's secret of this name (made by the first node that asks); empty on a single node. */
    Optional<byte[]> sharedSecret(String name);

    /**
     * Takes or renews the lease {@code name} for {@code ttl}: true when this node holds it now (it
     * does the work), false when another node does. Blocks for a round trip; on a blocking thread.
     */
    boolean holdsLease(String name, Duration ttl);

    /** Values the nodes share (a device's music player); empty on a single node, where memory is enough. */
    default Optional<SharedValues> sharedValues() {
        return Optional.empty();
    }

    /**
     * The account's devices, whichever node holds their downchannels (from the database: blocking,
     * on a blocking thread), for a change every device of the account must hear of (an alarm set on
     * one speaker rings on all). Empty on a single node, where every downchannel opens on this node
     * and a module sees it open.
     */
    default List<DeviceIdentity> accountDevices(String accountId) {
        return List.of();
    }
}
