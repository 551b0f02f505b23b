package dev.opencic.server.console;

import dev.opencic.server.api.DeviceIdentity;
import java.time.ZoneId;

/** A device of the signed-in account offered in a form (its name or id, whether it is online, its zone). */
public record DeviceChoice(DeviceIdentity identity, String label, boolean online, ZoneId zone) {
    public String deviceId() {
        return identity.deviceId();
    }
}
