package dev.opencic.server.admin;

import static java.util.Objects.requireNonNull;

import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.auth.AuthModule;
import dev.opencic.server.extension.ExtensionAdmin;
import dev.opencic.server.skill.household.HouseholdDevice;
import dev.opencic.server.skill.household.JdbcDeviceDirectory;
import dev.opencic.server.skill.weather.JdbcSavedPlaceRepository;
import dev.opencic.server.skill.weather.SavedPlace;
import dev.opencic.server.store.Database;
import dev.opencic.server.store.JdbcAccountRepository;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The admin commands themselves ({@code user add}, {@code user timezone}, {@code client add},
 * {@code place set|show|clear}), run against one database. In the server they use the server's own
 * services, so a change is seen at once (a new account logs in, a time zone applies to the next
 * answer); {@code ./cic admin} runs the same code on the database directly when no server runs.
 * A refused command throws {@link IllegalArgumentException} (or the service's exception) with a
 * one-line message; the caller prints it.
 */
public final class AdminOperations {

    /** Where a time-zone change goes: the server's zone cache, or straight to the table. */
    @FunctionalInterface
    public interface ZoneSetter {
        void set(String accountId, String deviceId, ZoneId zone);
    }

    private final Database database;
    private final AuthModule auth;
    private final ZoneSetter zones;
    private final Clock clock;
    private final ExtensionAdmin extensions;
    private final Predicate<DeviceIdentity> online;

    /** Without a server: no device is online. */
    public AdminOperations(Database database, AuthModule auth, ZoneSetter zones, Clock clock) {
        this(database, auth, zones, clock, ExtensionAdmin.Changes.NONE, device -> false);
    }

    /**
     * For the running server.
     *
     * @param extensionChanges what the running server does after an {@code extension} command changed the store
     * @param online whether a device has an open downchannel (the server's downchannels)
     */
    public AdminOperations(Database database, AuthModule auth, ZoneSetter zones, Clock clock,
                           ExtensionAdmin.Changes extensionChanges, Predicate<DeviceIdentity> online) {
        this.database = requireNonNull(database, "database");
        this.auth = requireNonNull(auth, "auth");
        this.zones = requireNonNull(zones, "zones");
        this.clock = requireNonNull(clock, "clock");
        this.extensions = new ExtensionAdmin(database, requireNonNull(extensionChanges, "extensionChanges"), clock);
        this.online = requireNonNull(online, "online");
    }

    /**
     * How a device's time zone is set here: in cluster mode the change is announced to every node. The
     * console's devices page sets zones through it, as {@code ./cic admin user timezone} does.
     */
    public ZoneSetter zoneSetter() {
        return zones;
    }

    /** The extension commands' service, for the web console's administration page (the same changes apply). */
    public ExtensionAdmin extensions() {
        return extensions;
    }

    public AdminResult addUser(String name, char[] password) {
        try {
            auth.accounts().createAccount(name, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        return AdminResult.ok("account created: " + name);
    }

    /** Makes an existing account an administrator of the web console (issue 23). */
    public AdminResult grantAdmin(String name) {
        boolean granted = auth.roles().grantAdmin(accountId(name));
        return AdminResult.ok(granted ? name + " is now an administrator" : name + " was already an administrator");
    }

    /** Takes the administrator role back, never from the last administrator (exit 1, nothing changed). */
    public AdminResult revokeAdmin(String name) {
        return switch (auth.roles().revokeAdmin(accountId(name))) {
            case REVOKED -> AdminResult.ok(name + " is no longer an administrator");
            case WAS_NOT_ADMIN -> AdminResult.ok(name + " was not an administrator");
            case LAST_ADMIN -> AdminResult.failed(1, "cic admin: " + name
                    + " is the last administrator; make another account an administrator first");
        };
    }

    /** The time zone a person wrote ({@code Europe/Paris}, {@code UTC+09:00}), empty when it names none. */
    public static Optional<ZoneId> zoneNamed(String zone) {
        try {
            return Optional.of(ZoneId.of(zone));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    public AdminResult setTimeZone(String name, String zone, String deviceId) {
        Optional<ZoneId> named = zoneNamed(zone);
        if (named.isEmpty()) {
            return AdminResult.failed(2, "cic admin: unknown time zone: " + zone);
        }
        ZoneId zoneId = named.get();
        var account = new JdbcAccountRepository(database.jdbi()).findByUsername(name);
        if (account.isEmpty()) {
            return AdminResult.failed(1, "cic admin: no account named " + name);
        }
        zones.set(account.get().accountId(), deviceId == null ? "" : deviceId, zoneId);
        return AdminResult.ok("time zone of " + name + (deviceId == null ? "" : " device " + deviceId) + ": " + zoneId);
    }

    public AdminResult addClient(String name) {
        var created = auth.clients().createClient(name);
        var json = MessageCodec.mapper().createObjectNode()
                .put("client_id", created.clientId())
                .put("client_secret", created.clientSecret());
        return AdminResult.ok(json.toString());
    }

    /** {@code client list}: one line per client, tab-separated: client id, name, created (ISO-8601 UTC). */
    public AdminResult listClients() {
        var clients = auth.clients().list();
        if (clients.isEmpty()) {
            return AdminResult.ok("no clients");
        }
        StringBuilder out = new StringBuilder();
        for (var c : clients) {
            out.append(String.join("\t", c.clientId(), c.name(), c.createdAt().toString())).append(System.lineSeparator());
        }
        return new AdminResult(0, out.toString(), "");
    }

    /** {@code client rotate-secret ID}: a new secret, printed once as {@code client add} prints it; the old one stops working. */
    public AdminResult rotateClientSecret(String clientId) {
        var rotated = auth.clients().rotateSecret(clientId);
        if (rotated.isEmpty()) {
            return AdminResult.failed(1, "cic admin: no client " + clientId);
        }
        var json = MessageCodec.mapper().createObjectNode()
                .put("client_id", rotated.get().clientId())
                .put("client_secret", rotated.get().clientSecret());
        return AdminResult.ok(json.toString());
    }

    /** {@code client delete ID}: the client and its tokens; its devices are signed out (in a server: at once). */
    public AdminResult deleteClient(String clientId) {
        var signedOut = auth.tokens().deleteClient(clientId);
        if (signedOut.isEmpty()) {
            return AdminResult.failed(1, "cic admin: no client " + clientId);
        }
        int n = signedOut.get().size();
        return AdminResult.ok("client " + clientId + " deleted; " + n + (n == 1 ? " device" : " devices") + " signed out");
    }

    public AdminResult setPlace(String user, String name, double latitude, double longitude) {
        new JdbcSavedPlaceRepository(database.jdbi()).save(
                new SavedPlace(accountId(user), name.strip(), latitude, longitude, clock.instant()));
        return AdminResult.ok("place saved for " + user + ": " + name.strip() + " (" + latitude + ", " + longitude + ")");
    }

    public AdminResult showPlace(String user) {
        var place = new JdbcSavedPlaceRepository(database.jdbi()).find(accountId(user));
        if (place.isEmpty()) {
            return AdminResult.ok("no place saved for " + user);
        }
        var p = place.get();
        return AdminResult.ok(p.name() + " (" + p.latitude() + ", " + p.longitude() + ")");
    }

    public AdminResult clearPlace(String user) {
        boolean deleted = new JdbcSavedPlaceRepository(database.jdbi()).delete(accountId(user));
        return AdminResult.ok(deleted ? "place cleared for " + user : "no place saved for " + user);
    }

    public AdminResult addExtension(String name, String url, String modelJson) {
        return AdminResult.ok(extensions.add(name, url, modelJson));
    }

    /** {@code url} or {@code modelJson} null: unchanged. */
    public AdminResult updateExtension(String name, String url, String modelJson) {
        return AdminResult.ok(extensions.update(name, url, modelJson));
    }

    public AdminResult listExtensions() {
        return AdminResult.ok(extensions.list());
    }

    public AdminResult removeExtension(String name) {
        return AdminResult.ok(extensions.remove(name));
    }

    public AdminResult enableExtension(String name, String user, boolean enabled) {
        return AdminResult.ok(extensions.setEnabled(name, user, enabled));
    }

    /**
     * {@code device list USER}: one line per device of the account, tab-separated: id, name, room,
     * client id, last seen (ISO-8601 UTC), online or offline; "-" where there is none yet.
     */
    public AdminResult listDevices(String user) {
        var devices = new JdbcDeviceDirectory(database.jdbi()).list(accountId(user));
        if (devices.isEmpty()) {
            return AdminResult.ok("no devices for " + user);
        }
        StringBuilder out = new StringBuilder();
        for (HouseholdDevice d : devices) {
            boolean open = d.clientId() != null && online.test(new DeviceIdentity(d.accountId(), d.clientId(), d.deviceId()));
            out.append(String.join("\t", d.deviceId(), orDash(d.name()), orDash(d.room()), orDash(d.clientId()),
                    d.lastSeen().toString(), open ? "online" : "offline")).append(System.lineSeparator());
        }
        return new AdminResult(0, out.toString(), "");
    }

    /**
     * {@code device name USER DEVICE_ID NAME [--room ROOM]}: names a device the account has (one that
     * connected, or holds a token), in a room when given (else it keeps its room).
     */
    public AdminResult nameDevice(String user, String deviceId, String name, String room) {
        String account = accountId(user);
        String cleanName = name == null ? "" : name.strip();
        String cleanRoom = room == null ? null : room.strip();
        if (cleanName.isEmpty() || cleanName.length() > 128 || cleanRoom != null && (cleanRoom.isEmpty()
                || cleanRoom.length() > 128)) {
            return AdminResult.failed(2, "cic admin: a name and a room are 1 to 128 characters");
        }
        var directory = new JdbcDeviceDirectory(database.jdbi());
        boolean known = directory.find(account, deviceId).isPresent() || database.jdbi().withHandle(h -> h.select(
                "SELECT COUNT(*) FROM device_tokens WHERE account_id = ? AND device_id = ?", account, deviceId)
                .mapTo(Long.class).one()) > 0;
        if (!known) {
            return AdminResult.failed(1, "cic admin: " + user + " has no device " + deviceId);
        }
        HouseholdDevice named = directory.name(account, deviceId, cleanName, cleanRoom, clock.instant());
        return AdminResult.ok("device " + deviceId + " of " + user + ": " + named.name()
                + (named.room() != null ? " (room: " + named.room() + ")" : ""));
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private String accountId(String user) {
        return new JdbcAccountRepository(database.jdbi()).findByUsername(user)
                .orElseThrow(() -> new IllegalArgumentException("no such user: " + user)).accountId();
    }
}
