package dev.opencic.server.cli;

import dev.opencic.server.auth.AuthModule;
import dev.opencic.server.skill.weather.JdbcSavedPlaceRepository;
import dev.opencic.server.skill.weather.SavedPlace;
import dev.opencic.server.store.Database;
import dev.opencic.server.store.JdbcAccountRepository;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "admin", description = "Manage accounts, clients and saved places in the data directory.",
        subcommands = {AdminCommand.User.class, AdminCommand.Client.class, AdminCommand.Place.class})
final class AdminCommand {

    @Option(names = "--data-dir", description = "Data directory (default: ./data).", scope = picocli.CommandLine.ScopeType.INHERIT)
    Path dataDir = Path.of("data");

    AuthModule openAuth(Database db) {
        return AuthModule.builder(db).blockingExecutor(Runnable::run).build();
    }

    Database openDatabase() throws Exception {
        Files.createDirectories(dataDir);
        return Database.open(dataDir);
    }

    @Command(name = "user", description = "Accounts.")
    static final class User {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "add", description = "Create an account; the password is read from standard input.")
        int add(@Parameters(paramLabel = "NAME") String name) throws Exception {
            char[] password = readPassword();
            try (Database db = admin.openDatabase()) {
                admin.openAuth(db).accounts().createAccount(name, password);
            } finally {
                Arrays.fill(password, '\0');
            }
            System.out.println("account created: " + name);
            return 0;
        }

        @Command(name = "timezone", description = "Set the time zone an account's devices (or one of them) answer in.")
        int timezone(@Parameters(paramLabel = "NAME") String name,
                     @Parameters(paramLabel = "ZONE", description = "An IANA zone id, e.g. Europe/Paris") String zone,
                     @Option(names = "--device", description = "Only this device id (default: the whole account)")
                     String deviceId) throws Exception {
            java.time.ZoneId zoneId;
            try {
                zoneId = java.time.ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                System.err.println("cic admin: unknown time zone: " + zone);
                return 2;
            }
            try (Database db = admin.openDatabase()) {
                var account = new dev.opencic.server.store.JdbcAccountRepository(db.jdbi()).findByUsername(name);
                if (account.isEmpty()) {
                    System.err.println("cic admin: no account named " + name);
                    return 1;
                }
                new dev.opencic.server.store.JdbcTimeZoneRepository(db.jdbi())
                        .set(account.get().accountId(), deviceId == null ? "" : deviceId, zoneId);
            }
            System.out.println("time zone of " + name + (deviceId == null ? "" : " device " + deviceId) + ": " + zoneId);
            return 0;
        }
    }

    @Command(name = "client", description = "Clients (device makers' apps).")
    static final class Client {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "add", description = "Register a client; prints {\"client_id\", \"client_secret\"} once.")
        int add(@Parameters(paramLabel = "NAME") String name) throws Exception {
            try (Database db = admin.openDatabase()) {
                var created = admin.openAuth(db).clients().createClient(name);
                var json = dev.opencic.protocol.MessageCodec.mapper().createObjectNode()
                        .put("client_id", created.clientId())
                        .put("client_secret", created.clientSecret());
                System.out.println(json);
            }
            return 0;
        }
    }

    @Command(name = "place", description = "An account's saved place: where \"what's the weather\" is about "
            + "when the device reports no location.")
    static final class Place {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "set", description = "Save the account's place (replacing any earlier one).")
        int set(@Parameters(paramLabel = "USER") String user,
                @Option(names = "--name", required = true, description = "The name to say, e.g. Berlin.") String name,
                @Option(names = "--latitude", required = true, description = "WGS84 latitude, -90..90.") double latitude,
                @Option(names = "--longitude", required = true, description = "WGS84 longitude, -180..180.") double longitude)
                throws Exception {
            try (Database db = admin.openDatabase()) {
                String accountId = accountId(db, user);
                new JdbcSavedPlaceRepository(db.jdbi()).save(
                        new SavedPlace(accountId, name.strip(), latitude, longitude, Instant.now()));
            }
            System.out.println("place saved for " + user + ": " + name.strip() + " (" + latitude + ", " + longitude + ")");
            return 0;
        }

        @Command(name = "show", description = "Print the account's saved place.")
        int show(@Parameters(paramLabel = "USER") String user) throws Exception {
            try (Database db = admin.openDatabase()) {
                var place = new JdbcSavedPlaceRepository(db.jdbi()).find(accountId(db, user));
                if (place.isEmpty()) {
                    System.out.println("no place saved for " + user);
                } else {
                    var p = place.get();
                    System.out.println(p.name() + " (" + p.latitude() + ", " + p.longitude() + ")");
                }
            }
            return 0;
        }

        @Command(name = "clear", description = "Forget the account's saved place.")
        int clear(@Parameters(paramLabel = "USER") String user) throws Exception {
            try (Database db = admin.openDatabase()) {
                boolean deleted = new JdbcSavedPlaceRepository(db.jdbi()).delete(accountId(db, user));
                System.out.println(deleted ? "place cleared for " + user : "no place saved for " + user);
            }
            return 0;
        }

        private static String accountId(Database db, String user) {
            return new JdbcAccountRepository(db.jdbi()).findByUsername(user)
                    .orElseThrow(() -> new IllegalArgumentException("no such user: " + user)).accountId();
        }
    }

    private static char[] readPassword() throws Exception {
        Console console = System.console();
        if (console != null) {
            char[] p = console.readPassword("password: ");
            if (p == null) {
                throw new IllegalArgumentException("no password given");
            }
            return p;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.isEmpty()) {
            throw new IllegalArgumentException("no password on standard input");
        }
        return line.toCharArray();
    }
}
