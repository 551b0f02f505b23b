package dev.opencic.server.skill.household;

import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices of each account that opened a downchannel on this node, so that the arbiter can tell
 * in memory, on the request's thread, whether another device of the account is connected (could have
 * heard the same words). Devices whose downchannel has closed are dropped when their account's next
 * device opens one, so an account keeps at most the devices it has had open at once.
 */
final class OpenDevices {

    private final DirectivePusher downchannels;
    private final Map<String, Set<DeviceIdentity>> byAccount = new ConcurrentHashMap<>();

    OpenDevices(DirectivePusher downchannels) {
        this.downchannels = downchannels;
        downchannels.addOpenListener(this::opened);
    }

    private void opened(DeviceIdentity device) {
        byAccount.compute(device.accountId(), (account, known) -> {
            Set<DeviceIdentity> still = new HashSet<>();
            if (known != null) {
                known.stream().filter(downchannels::isOpen).forEach(still::add);
            }
            still.add(device);
            return Set.copyOf(still);
        });
    }

    /** Whether a device of the account other than {@code asking} has an open downchannel. */
    boolean othersOpen(DeviceIdentity asking) {
        Set<DeviceIdentity> known = byAccount.getOrDefault(asking.accountId(), Set.of());
        for (DeviceIdentity d : known) {
            if (!d.deviceId().equals(asking.deviceId()) && downchannels.isOpen(d)) {
                return true;
            }
        }
        return false;
    }
}
