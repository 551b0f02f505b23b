package dev.opencic.server.skill.devicecontrol;

import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.api.Reply;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connected devices of each account, for the directives DeviceControl pushes outside any
 * dialogue ({@code SynchronizeState}, {@code ExpectReportState}). Devices are remembered when their
 * downchannel opens and forgotten when a push to them finds none.
 */
final class AccountDevices {

    private final DirectivePusher downchannels;
    private final Map<String, Set<DeviceIdentity>> byAccount = new ConcurrentHashMap<>();

    AccountDevices(DirectivePusher downchannels) {
        this.downchannels = downchannels;
        downchannels.addOpenListener(d -> byAccount.computeIfAbsent(d.accountId(), a -> ConcurrentHashMap.newKeySet())
                .add(d));
    }

    /** Pushes {@code reply} to each connected device of {@code origin}'s account but {@code origin} itself. */
    void pushToOthers(DeviceIdentity origin, Reply reply) {
        Set<DeviceIdentity> devices = byAccount.get(origin.accountId());
        if (devices == null || reply.isEmpty()) {
            return;
        }
        for (DeviceIdentity device : devices) {
            if (!device.equals(origin)) {
                push(devices, device, reply);
            }
        }
    }

    /** Pushes {@code reply} to one device. */
    void push(DeviceIdentity device, Reply reply) {
        Set<DeviceIdentity> devices = byAccount.get(device.accountId());
        push(devices == null ? Set.of() : devices, device, reply);
    }

    private void push(Set<DeviceIdentity> devices, DeviceIdentity device, Reply reply) {
        downchannels.push(device, reply).thenAccept(delivered -> {
            if (!delivered) {
                devices.remove(device);
            }
        });
    }
}
