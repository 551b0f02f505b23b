package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpResponse;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.auth.TokenService;
import dev.opencic.server.dialog.ZoneResolver;
import dev.opencic.server.skill.household.HouseholdDevice;
import dev.opencic.server.skill.household.JdbcDeviceDirectory;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Your devices: each device of the signed-in account (name, room, client, last seen, online now,
 * time zone), renaming one, and unlinking one (its tokens revoked and its downchannel closed at
 * once). Every action looks the device up within the signed-in account: another account's device
 * id is "no such device", never touched.
 */
final class DevicePages {

    private static final int MAX_NAME_LENGTH = 128;
    private static final DateTimeFormatter SEEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ConsolePages pages;
    private final JdbcDeviceDirectory directory;
    private final TokenService tokens;
    private final DirectivePusher pusher;
    private final ZoneResolver zones;
    private final Clock clock;

    DevicePages(ConsolePages pages, JdbcDeviceDirectory directory, TokenService tokens, DirectivePusher pusher,
                ZoneResolver zones, Clock clock) {
        this.pages = pages;
        this.directory = directory;
        this.tokens = tokens;
        this.pusher = pusher;
        this.zones = zones;
        this.clock = clock;
    }

    HttpResponse list(ConsoleRequest r) {
        ConsoleUser user = r.signedIn();
        List<DeviceRow> rows = directory.list(user.accountId()).stream().map(d -> row(user, d)).toList();
        return pages.page("devices.jte", "user", user, "devices", rows, "message", message(r.param("done")));
    }

    HttpResponse rename(ConsoleRequest r) {
        ConsoleUser user = r.signedIn();
        HouseholdDevice device = own(user, r.required("device", "The device"));
        String name = r.required("name", "The name");
        String room = r.param("room");
        if (name.length() > MAX_NAME_LENGTH || room != null && room.length() > MAX_NAME_LENGTH) {
            throw new ConsoleException(400, "A name and a room are 1 to " + MAX_NAME_LENGTH + " characters.");
        }
        directory.name(user.accountId(), device.deviceId(), name, room, clock.instant());
        return ConsolePages.redirect("/console/devices?done=renamed");
    }

    HttpResponse unlink(ConsoleRequest r) {
        ConsoleUser user = r.signedIn();
        HouseholdDevice device = own(user, r.required("device", "The device"));
        if (device.clientId() != null) {
            tokens.unlinkDevice(user.accountId(), device.clientId(), device.deviceId());
        }
        return ConsolePages.redirect("/console/devices?done=unlinked");
    }

    private HouseholdDevice own(ConsoleUser user, String deviceId) {
        return directory.find(user.accountId(), deviceId)
                .orElseThrow(() -> new ConsoleException(404, "You have no device with that id."));
    }

    private DeviceRow row(ConsoleUser user, HouseholdDevice d) {
        boolean online = d.clientId() != null
                && pusher.isOpen(new DeviceIdentity(user.accountId(), d.clientId(), d.deviceId()));
        ZoneId zone = d.clientId() == null ? null
                : zones.zoneOf(new DeviceIdentity(user.accountId(), d.clientId(), d.deviceId()));
        return new DeviceRow(d.deviceId(), d.name(), d.room(), d.clientId(),
                SEEN.format(d.lastSeen().atZone(zone != null ? zone : ZoneId.of("UTC"))), online,
                zone == null ? null : zone.getId());
    }

    private static String message(String done) {
        if ("renamed".equals(done)) {
            return "The device was renamed.";
        }
        if ("unlinked".equals(done)) {
            return "The device was unlinked: it is signed out and must be linked again to work.";
        }
        return null;
    }
}
