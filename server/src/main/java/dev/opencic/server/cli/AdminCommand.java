package dev.opencic.server.cli;

import dev.opencic.server.admin.AdminClient;
import dev.opencic.server.admin.AdminOperations;
import dev.opencic.server.admin.AdminResult;
import dev.opencic.server.auth.AuthModule;
import dev.opencic.server.cluster.AdminAnnouncements;
import dev.opencic.server.config.ConfigLoader;
import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.extension.ExtensionAdmin;
import dev.opencic.server.extension.PlatformKey;
import dev.opencic.server.store.Database;
import dev.opencic.server.store.DatabaseCopy;
import dev.opencic.server.store.JdbcTimeZoneRepository;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

@Command(name = "admin", description = "Manage accounts, clients and saved places in the data directory "
        + "(through the running server's admin endpoint when it runs, else in the database directly).",
        subcommands = {AdminCommand.User.class, AdminCommand.Client.class, AdminCommand.Place.class,
                AdminCommand.Migrate.class, AdminCommand.Extension.class, AdminCommand.Device.class})
final class AdminCommand {

    @Option(names = "--data-dir", description = "Data directory (default: ./data).", scope = picocli.CommandLine.ScopeType.INHERIT)
    Path dataDir = Path.of("data");

    @Option(names = "--set", description = "A setting as key=value, as for serve; the database ones (db-url, db-user, "
            + "db-password, db-pool-size) choose the store, e.g. --set db-url=jdbc:postgresql://HOST:PORT/DB (repeatable).",
            scope = picocli.CommandLine.ScopeType.INHERIT)
    Map<String, String> settings = new HashMap<>();

    AuthModule openAuth(Database db) {
        return AuthModule.builder(db).blockingExecutor(Runnable::run).build();
    }

    /** The settings as {@code serve} reads them (file, CIC_* environment, then --set), for this data directory. */
    ServerConfig config() throws Exception {
        Map<String, String> flags = new HashMap<>(settings);
        flags.put("data-dir", dataDir.toString());
        return ConfigLoader.load(null, System.getenv(), flags);
    }

    Database openDatabase() throws Exception {
        ServerConfig config = config();
        if (config.dbUrl() == null) {
            Files.createDirectories(dataDir);
        }
        return Database.open(config);
    }

    /**
     * Runs a command in the running server, so it takes effect at once (its caches see it), or, when
     * no server runs on this data directory, against the database directly; prints what it printed.
     */
    int run(String command, Map<String, ?> arguments, Function<AdminOperations, AdminResult> local) throws Exception {
        Optional<AdminClient> server = AdminClient.find(dataDir);
        if (server.isPresent()) {
            Optional<AdminResult> answered = server.get().run(command, arguments);
            if (answered.isPresent()) {
                return print(answered.get());
            }
        }
        ServerConfig config = config();
        if (config.redisUrl() != null) {
            return runAnnouncing(config, local);
        }
        try (Database db = openDatabase()) {
            AdminOperations operations = new AdminOperations(db, openAuth(db),
                    new JdbcTimeZoneRepository(db.jdbi())::set, Clock.systemUTC());
            return print(local.apply(operations));
        }
    }

    /**
     * A cluster's database changed with no server here: what the nodes cache (time zones, extensions,
     * revoked tokens) is announced through Redis, so every running node applies it at once.
     */
    private int runAnnouncing(ServerConfig config, Function<AdminOperations, AdminResult> local) throws Exception {
        AdminAnnouncements announcements;
        try {
            announcements = AdminAnnouncements.connect(config.redisUrl());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("redis-url: " + e.getMessage(), e);
        }
        try (announcements; Database db = openDatabase()) {
            AuthModule auth = openAuth(db);
            announcements.announceRevocations(auth.tokens());
            AdminOperations operations = new AdminOperations(db, auth,
                    announcements.announcing(new JdbcTimeZoneRepository(db.jdbi())::set), Clock.systemUTC(),
                    announcements.extensionChanges(), announcements::isOnline);
            AdminResult result = local.apply(operations);
            String unsent = announcements.finish();
            if (unsent != null) {
                System.err.println("cic admin: warning: the change is saved but the nodes were not told through Redis ("
                        + unsent + "); they apply it after their cache expires or Redis reconnects");
            }
            return print(result);
        }
    }

    private static int print(AdminResult result) {
        System.out.print(result.out());
        System.out.flush();
        System.err.print(result.err());
        return result.exitCode();
    }

    @Command(name = "user", description = "Accounts.")
    static final class User {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "add", description = "Create an account; the password is read from standard input.")
        int add(@Parameters(paramLabel = "NAME") String name) throws Exception {
            char[] password = readPassword();
            try {
                return admin.run("user-add", Map.of("name", name, "password", new String(password)),
                        ops -> ops.addUser(name, password.clone()));
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        @Command(name = "grant-admin", description = "Make an account an administrator of the web console.")
        int grantAdmin(@Parameters(paramLabel = "NAME") String name) throws Exception {
            return admin.run("user-grant-admin", Map.of("name", name), ops -> ops.grantAdmin(name));
        }

        @Command(name = "revoke-admin", description = "Take the administrator role back (never from the last administrator).")
        int revokeAdmin(@Parameters(paramLabel = "NAME") String name) throws Exception {
            return admin.run("user-revoke-admin", Map.of("name", name), ops -> ops.revokeAdmin(name));
        }

        @Command(name = "timezone", description = "Set the time zone an account's devices (or one of them) answer in.")
        int timezone(@Parameters(paramLabel = "NAME") String name,
                     @Parameters(paramLabel = "ZONE", description = "An IANA zone id, e.g. Europe/Paris") String zone,
                     @Option(names = "--device", description = "Only this device id (default: the whole account)")
                     String deviceId) throws Exception {
            Map<String, Object> arguments = new HashMap<>(Map.of("name", name, "zone", zone));
            if (deviceId != null) {
                arguments.put("device", deviceId);
            }
            return admin.run("user-timezone", arguments, ops -> ops.setTimeZone(name, zone, deviceId));
        }
    }

    @Command(name = "client", description = "Clients (device makers' apps).")
    static final class Client {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "add", description = "Register a client; prints {\"client_id\", \"client_secret\"} once.")
        int add(@Parameters(paramLabel = "NAME") String name) throws Exception {
            return admin.run("client-add", Map.of("name", name), ops -> ops.addClient(name));
        }

        @Command(name = "list", description = "The registered clients: id, name, created (tab-separated).")
        int list() throws Exception {
            return admin.run("client-list", Map.of(), AdminOperations::listClients);
        }

        @Command(name = "rotate-secret", description = "A new secret, printed once like 'client add'; the old one stops working.")
        int rotateSecret(@Parameters(paramLabel = "CLIENT_ID") String clientId) throws Exception {
            return admin.run("client-rotate-secret", Map.of("client", clientId), ops -> ops.rotateClientSecret(clientId));
        }

        @Command(name = "delete", description = "Delete a client and its tokens: its devices are signed out.")
        int delete(@Parameters(paramLabel = "CLIENT_ID") String clientId) throws Exception {
            return admin.run("client-delete", Map.of("client", clientId), ops -> ops.deleteClient(clientId));
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
            return admin.run("place-set", Map.of("user", user, "name", name, "latitude", latitude, "longitude", longitude),
                    ops -> ops.setPlace(user, name, latitude, longitude));
        }

        @Command(name = "show", description = "Print the account's saved place.")
        int show(@Parameters(paramLabel = "USER") String user) throws Exception {
            return admin.run("place-show", Map.of("user", user), ops -> ops.showPlace(user));
        }

        @Command(name = "clear", description = "Forget the account's saved place.")
        int clear(@Parameters(paramLabel = "USER") String user) throws Exception {
            return admin.run("place-clear", Map.of("user", user), ops -> ops.clearPlace(user));
        }
    }

    @Command(name = "extension", description = "Third-party extensions (Clova Extension Kit webhooks): register, "
            + "change, remove, turn on/off per account; the platform's public key that verifies their requests.")
    static final class Extension {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "add", description = "Register an extension; prints its push secret (once) as the last line.")
        int add(@Parameters(paramLabel = "NAME") String name,
                @Option(names = "--url", required = true, description = "The extension's webhook (http or https).") String url,
                @Option(names = "--model", required = true, description = "Its interaction model (JSON file).") Path model)
                throws Exception {
            String json = Files.readString(model);
            return admin.run("extension-add", Map.of("name", name, "url", url, "model", json),
                    ops -> ops.addExtension(name, url, json));
        }

        @Command(name = "update", description = "Change an extension's URL and/or interaction model.")
        int update(@Parameters(paramLabel = "NAME") String name,
                   @Option(names = "--url", description = "The new webhook URL.") String url,
                   @Option(names = "--model", description = "The new interaction model (JSON file).") Path model)
                throws Exception {
            String json = model == null ? null : Files.readString(model);
            Map<String, Object> arguments = new HashMap<>(Map.of("name", name));
            if (url != null) {
                arguments.put("url", url);
            }
            if (json != null) {
                arguments.put("model", json);
            }
            return admin.run("extension-update", arguments, ops -> ops.updateExtension(name, url, json));
        }

        @Command(name = "list", description = "The registered extensions: name, URL, invocation, accounts that turned it off.")
        int list() throws Exception {
            return admin.run("extension-list", Map.of(), AdminOperations::listExtensions);
        }

        @Command(name = "remove", description = "Unregister an extension.")
        int remove(@Parameters(paramLabel = "NAME") String name) throws Exception {
            return admin.run("extension-remove", Map.of("name", name), ops -> ops.removeExtension(name));
        }

        @Command(name = "enable", description = "Turn an extension back on for one account (on by default).")
        int enable(@Parameters(paramLabel = "NAME") String name,
                   @Option(names = "--user", required = true, description = "The account.") String user) throws Exception {
            return admin.run("extension-enable", Map.of("name", name, "user", user),
                    ops -> ops.enableExtension(name, user, true));
        }

        @Command(name = "disable", description = "Turn an extension off for one account: its devices cannot reach it.")
        int disable(@Parameters(paramLabel = "NAME") String name,
                    @Option(names = "--user", required = true, description = "The account.") String user) throws Exception {
            return admin.run("extension-disable", Map.of("name", name, "user", user),
                    ops -> ops.enableExtension(name, user, false));
        }

        @Command(name = "key", description = "Print the platform's public key (PEM) that verifies the SignatureCEK "
                + "header of every request to an extension (also served at GET " + PlatformKey.PUBLIC_KEY_PATH + ").")
        int key() throws Exception {
            Files.createDirectories(admin.dataDir);
            if (admin.config().dbUrl() == null) {
                System.out.println(ExtensionAdmin.key(admin.dataDir));
            } else {
                // A cluster's nodes sign with one key kept in the shared database.
                try (Database db = admin.openDatabase()) {
                    System.out.println(ExtensionAdmin.key(admin.config(), db));
                }
            }
            System.out.flush();
            return 0;
        }
    }

    @Command(name = "device", description = "An account's devices: their names and rooms (\"announce in the "
            + "kitchen\", \"play jazz on the kitchen speaker\").")
    static final class Device {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "list", description = "Print one line per device of the "
                + "account, tab-separated: id, name, room, client id, last seen (UTC), online|offline (\"-\": none yet).")
        int list(@Parameters(paramLabel = "USER") String user) throws Exception {
            return admin.run("device-list", Map.of("user", user), ops -> ops.listDevices(user));
        }

        @Command(name = "name", description = "Name a device of the account (one that "
                + "has connected or holds a token), and put it in a room.")
        int name(@Parameters(paramLabel = "USER") String user,
                 @Parameters(paramLabel = "DEVICE_ID") String deviceId,
                 @Parameters(paramLabel = "NAME", description = "What the user calls it, e.g. \"kitchen speaker\".") String name,
                 @Option(names = "--room", description = "The room it is in, e.g. kitchen (default: keep its room).")
                 String room) throws Exception {
            Map<String, Object> arguments = new HashMap<>(Map.of("user", user, "device", deviceId, "name", name));
            if (room != null) {
                arguments.put("room", room);
            }
            return admin.run("device-name", arguments, ops -> ops.nameDevice(user, deviceId, name, room));
        }
    }

    @Command(name = "migrate", description = "Copy the H2 database of a data directory into the empty PostgreSQL "
            + "database that --set db-url names (one transaction: all of it or nothing). Stop the server first.")
    static final class Migrate implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Option(names = "--from-data-dir", required = true, paramLabel = "DIR",
                description = "The data directory whose cic.mv.db is copied.")
        Path from;

        @Override
        public Integer call() throws Exception {
            ServerConfig config = admin.config();
            if (config.dbUrl() == null) {
                throw new IllegalArgumentException("migrate copies into PostgreSQL: give --set db-url=jdbc:postgresql://"
                        + "HOST:PORT/DB --set db-user=USER (and db-password or CIC_DB_PASSWORD)");
            }
            if (!Files.isRegularFile(from.resolve("cic.mv.db"))) {
                throw new IllegalArgumentException("no H2 database in " + from + " (cic.mv.db is missing)");
            }
            DatabaseCopy.Copied copied;
            try (Database source = openSource(); Database target = Database.open(config)) {
                copied = DatabaseCopy.copy(source, target);
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            copied.rows().forEach((table, rows) -> System.out.println(table + ": " + rows));
            System.out.println("copied " + copied.total() + " rows from " + from.toAbsolutePath() + " to "
                    + config.describe().get("db-url"));
            System.out.flush();
            return 0;
        }

        /** The source, brought up to this version's schema first (as serve would). */
        private Database openSource() {
            try {
                return Database.open(from);
            } catch (RuntimeException e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                String reason = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
                throw new IllegalArgumentException("cannot open the H2 database in " + from
                        + " (a server still running on it? stop it first): " + reason, e);
            }
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
