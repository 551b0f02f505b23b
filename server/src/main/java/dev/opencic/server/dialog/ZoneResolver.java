package dev.opencic.server.dialog;

import dev.opencic.server.api.DeviceIdentity;
import java.time.ZoneId;

/** The time zone a device's requests are answered in ("at 7" means 7 where the device is). */
@FunctionalInterface
public interface ZoneResolver {

    ZoneId zoneOf(DeviceIdentity device);

    static ZoneResolver fixed(ZoneId zone) {
        return device -> zone;
    }
}
