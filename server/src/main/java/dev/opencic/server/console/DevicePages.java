package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpResponse;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.auth.TokenService;
import dev.opencic.server.admin.AdminOperations;
import dev.opencic.server.dialog.ZoneResolver;
import dev.opencic.server.skill.household.HouseholdDevice;
import dev.opencic.server.skill.household.JdbcDeviceDirectory;
import dev.opencic.server.skill.weather.SavedPlaceRepository;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Your devices: each device of the signed-in account (name, room, client, last seen, online now,
 * time zone, location), renaming one, setting its time zone (as {@code ./cic admin user timezone
 * --device} does: announced to every node in a cluster), and unlinking one (its tokens revoked and
 * its downchannel closed at once). Every action looks the device up within the signed-in account: another account's device
 * id is "no such device", never touched.
 */
final class DevicePages {

    private static final int MAX_NAME_LENGTH = 128;
    private static final DateTimeFormatter SEEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ConsolePages pages;
    private final JdbcDeviceDirectory directory;
    private final TokenService tokens;
    private final DirectivePusher pusher;
    private final Zones zones;
    private final SavedPlaceRepository places;
    private final Clock clock;

    /** Reading a device's zone (with the server's default) and setting one. */
    record Zones(ZoneResolver resolver, AdminOperations.ZoneSetter setter) {}

    DevicePages(ConsolePages pages, JdbcDeviceDirectory directory, TokenService tokens, DirectivePusher pusher,
                Zones zones, SavedPlaceRepository places, Clock clock) {
        this.pages = pages;
        this.directory = directory;
        this.tokens = tokens;
        this.pusher = pusher;
        this.zones = zones;
        this.places = places;
        this.clock = clock;
    }

    HttpResponse list(ConsoleRequest r) {
        ConsoleUser user = r.signedIn();
        String location = places.find(user.accountId()).map(p -> p.name()).orElse(null);
        List<DeviceRow> rows = directory.list(user.accountId()).stream().map(d -> row(user, d, location)).toList();
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

    HttpResponse timeZone(ConsoleRequest r) {
        ConsoleUser user = r.signedIn();
        HouseholdDevice device = own(user, r.required("device", "The device"));
        String zone = r.required("zone", "The time zone");
        ZoneId zoneId = Optional.of(zone).filter(z -> z.length() <= MAX_NAME_LENGTH).flatMap(AdminOperations::zoneNamed)
                .orElseThrow(() -> new ConsoleException(400,
                        "Unknown time zone: write it like Europe/Paris or America/New_York."));
        zones.setter().set(user.accountId(), device.deviceId(), zoneId);
        return ConsolePages.redirect("/console/devices?done=zone");
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

    private DeviceRow row(ConsoleUser user, HouseholdDevice d, String location) {
        boolean online = d.clientId() != null
                && pusher.isOpen(new DeviceIdentity(user.accountId(), d.clientId(), d.deviceId()));
        ZoneId zone = d.clientId() == null ? null
                : zones.resolver().zoneOf(new DeviceIdentity(user.accountId(), d.clientId(), d.deviceId()));
        return new DeviceRow(d.deviceId(), d.name(), d.room(), d.clientId(),
                SEEN.format(d.lastSeen().atZone(zone != null ? zone : ZoneId.of("UTC"))), online,
                zone == null ? null : zone.getId(), location);
    }

    private static String message(String done) {
        if ("renamed".equals(done)) {
            return "The device was renamed.";
        }
        if ("zone".equals(done)) {
            return "The device's time zone was changed: its alarms and answers follow it now.";
        }
        if ("unlinked".equals(done)) {
            return "The device was unlinked: it is signed out and must be linked again to work.";
        }
        return null;
    }
}
