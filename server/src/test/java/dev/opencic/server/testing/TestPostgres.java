package dev.opencic.server.testing;

import dev.opencic.server.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests of one JVM: on first use a throw-away cluster is made with
 * {@code initdb} in a temporary directory and started on a free loopback port (its unix socket in
 * that directory too), with durability switched off ({@code fsync=off}: for tests only); a shutdown
 * hook stops it and deletes the directory. Each test asks for its own database
 * ({@link #newDatabase}). TCP connections need the superuser's password, so the tests exercise the
 * password the way a deployment hands it over.
 *
 * <p>Missing PostgreSQL binaries skip the test on a developer's machine and fail it under
 * {@code CI} ({@link Engines#require}): {@code apt-get install postgresql}. The binaries are looked
 * for in {@code /usr/lib/postgresql/<newest>/bin}, or {@code $CIC_TEST_PG_BIN}. PostgreSQL refuses to
 * run as root; as root (CI, this machine) the commands run as the {@code postgres} user the Debian
 * package creates.
 */
public final class TestPostgres {

    public static final String USER = "cic_test";

    private static TestPostgres instance;

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final String password;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();

    private TestPostgres(Path bin, Path dir, int port, String password, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.password = password;
        this.asPostgresUser = asPostgresUser;
    }

    /** The JVM's server, started on first use. */
    public static synchronized TestPostgres get() {
        Path bin = findBin();
        Engines.require(bin != null, "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)", "postgresql");
        if (instance == null) {
            instance = start(bin);
            TestPostgres started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-postgres-stop"));
        }
        return instance;
    }

    private static Path findBin() {
        String override = System.getenv("CIC_TEST_PG_BIN");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isExecutable(p.resolve("initdb")) ? p : null;
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static TestPostgres start(Path bin) {
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("cic-pg-");
            String password = UUID.randomUUID().toString();
            Path pwfile = dir.resolve("pwfile");
            Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
            if (root) {
                chownToPostgres(dir);
                chownToPostgres(pwfile);
            }
            TestPostgres pg = null;
            for (int attempt = 0; ; attempt++) {
                pg = new TestPostgres(bin, dir, freePort(), password, root);
                if (attempt == 0) {
                    pg.run(List.of(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", USER,
                            "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256",
                            "-E", "UTF8", "--no-locale", "--no-sync"));
                }
                try {
                    pg.run(List.of(bin.resolve("pg_ctl").toString(), "-D", pg.data.toString(), "-l",
                            dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                            "-p " + pg.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                            + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
                            + " -c shared_buffers=64MB", "start"));
                    return pg;
                } catch (IllegalStateException e) {
                    if (attempt >= 2) { // the free port was taken in between, or worse
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chownToPostgres(Path p) throws IOException {
        UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal postgres = users.lookupPrincipalByName("postgres");
        GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(postgres);
        view.setGroup(group);
        if (Files.isDirectory(p)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out + log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String log() {
        try {
            Path log = dir.resolve("postgres.log");
            return Files.exists(log) ? "\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void stop() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
        } catch (RuntimeException e) {
            // already stopped, or the JVM is going down anyway; the directory goes below
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** The JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Creates an empty database (named from {@code hint}, made unique and short enough for
     * PostgreSQL's 63-character names) and returns its name.
     */
    public String createDatabase(String hint) {
        String clean = hint.toLowerCase().replaceAll("[^a-z0-9_]", "_");
        String name = "t" + databases.incrementAndGet() + "_" + clean.substring(0, Math.min(40, clean.length()));
        execute("postgres", "CREATE DATABASE " + name);
        return name;
    }

    /** A fresh database, migrated, behind a small pool (the contract tests' {@code openDatabase}). */
    public Database newDatabase(String hint) {
        return Database.postgres(jdbcUrl(createDatabase(hint)), USER, password, 4);
    }

    /** Runs statements as the superuser on {@code database}. */
    public void execute(String database, String... statements) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(database), USER, password);
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
