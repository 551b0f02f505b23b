package dev.opencic.server.console;

import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.dialog.ZoneResolver;
import dev.opencic.server.skill.household.HouseholdDevice;
import dev.opencic.server.skill.household.JdbcDeviceDirectory;
import java.util.List;

/**
 * The signed-in account's devices as the data pages offer them (a device that has connected, so its
 * client and time zone are known), and the one a form names, looked up within the account only.
 */
final class AccountDevices {

    private final JdbcDeviceDirectory directory;
    private final DirectivePusher pusher;
    private final ZoneResolver zones;

    AccountDevices(JdbcDeviceDirectory directory, DirectivePusher pusher, ZoneResolver zones) {
        this.directory = directory;
        this.pusher = pusher;
        this.zones = zones;
    }

    List<DeviceChoice> of(String accountId) {
        return directory.list(accountId).stream().filter(d -> d.clientId() != null).map(this::choice).toList();
    }

    /**
     * The device the form names. A device id the account does not have is "not found" (404), the
     * same answer whether it is another account's or nobody's, so a form cannot probe for others' ids.
     */
    DeviceChoice chosen(ConsoleRequest r, String field) {
        String deviceId = r.required(field, "The device");
        return directory.find(r.signedIn().accountId(), deviceId).filter(d -> d.clientId() != null).map(this::choice)
                .orElseThrow(() -> new ConsoleException(404, "You have no such device. Pick one of the list."));
    }

    /** The zone the account's data is shown in: its first device's, or UTC when it has none yet. */
    java.time.ZoneId homeZone(String accountId) {
        return of(accountId).stream().findFirst().map(DeviceChoice::zone).orElse(java.time.ZoneOffset.UTC);
    }

    private DeviceChoice choice(HouseholdDevice d) {
        DeviceIdentity id = new DeviceIdentity(d.accountId(), d.clientId(), d.deviceId());
        String label = d.name() != null ? d.name() + (d.room() != null ? " (" + d.room() + ")" : "") : d.deviceId();
        return new DeviceChoice(id, label, pusher.isOpen(id), zones.zoneOf(id));
    }
}
