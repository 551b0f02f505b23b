package dev.opencic.server.skill.alerts;

import dev.opencic.protocol.Directive;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.api.Reply;
import dev.opencic.server.skill.ClusterServices;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells an account's other connected devices about a change one device caused (an alarm set by
 * voice on the kitchen speaker also rings on the bedroom one). Devices are remembered when their
 * downchannel opens here and forgotten when a push to them finds none; in a cluster the account's
 * devices whose downchannels other nodes hold are added from {@link ClusterServices#accountDevices}
 * (the push is routed to their node). Called on blocking threads.
 */
final class OtherDevices {

    private final DirectivePusher downchannels;
    private final ClusterServices cluster;
    private final Map<String, Set<DeviceIdentity>> byAccount = new ConcurrentHashMap<>();

    OtherDevices(DirectivePusher downchannels, ClusterServices cluster) {
        this.downchannels = downchannels;
        this.cluster = cluster;
        downchannels.addOpenListener(d -> byAccount.computeIfAbsent(d.accountId(), a -> ConcurrentHashMap.newKeySet())
                .add(d));
    }

    /** Pushes copies of {@code directives}, outside any dialogue, to the account's devices but {@code origin}. */
    void tell(DeviceIdentity origin, List<Directive> directives) {
        push(origin.accountId(), origin, directives);
    }

    /** Pushes copies of {@code directives}, outside any dialogue, to every connected device of the account. */
    void tellAll(String accountId, List<Directive> directives) {
        push(accountId, null, directives);
    }

    private void push(String accountId, DeviceIdentity origin, List<Directive> directives) {
        List<DeviceIdentity> elsewhere = directives.isEmpty() ? List.of() : cluster.accountDevices(accountId);
        if (!elsewhere.isEmpty()) {
            byAccount.computeIfAbsent(accountId, a -> ConcurrentHashMap.newKeySet()).addAll(elsewhere);
        }
        Set<DeviceIdentity> devices = byAccount.get(accountId);
        if (devices == null || directives.isEmpty()) {
            return;
        }
        Reply.Builder reply = Reply.builder();
        for (Directive d : directives) {
            reply.directive(d.reissued(null));
        }
        Reply r = reply.build();
        for (DeviceIdentity device : devices) {
            if (!device.equals(origin)) {
                downchannels.push(device, r).thenAccept(delivered -> {
                    if (!delivered) {
                        devices.remove(device);
                    }
                });
            }
        }
    }
}
