package dev.opencic.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The processes of {@link ClusterDemoCommand}, started in order (PostgreSQL, Redis, the nodes,
 * HAProxy) and stopped in reverse. Each writes its log into the demo directory; a node is a
 * {@code cic serve} JVM on this JVM's class path, so the demo runs what {@code ./cic serve} runs.
 */
final class DemoCluster {

    /** The demo's settings (URLs, ports, node pids), for scripts and tests; the password is in its own file. */
    static final String DESCRIPTION = "cluster.properties";
    static final String DB_USER = "cic";
    static final String DB_NAME = "cic";
    private static final Duration START = Duration.ofSeconds(180);

    private final Path dir;
    private final boolean keep;
    private final int nodeCount;
    private final String nodeHeap;
    private final Map<String, String> settings;
    private final PrintStream err;
    private final boolean asPostgresUser = "root".equals(System.getProperty("user.name"));
    private final List<Process> processes = new ArrayList<>(); // nodes and servers, in start order
    private Path pgBin;
    private Path pgData;
    private boolean pgStarted;

    DemoCluster(Path dir, boolean keep, int nodeCount, String nodeHeap, Map<String, String> settings, PrintStream err) {
        this.dir = dir;
        this.keep = keep;
        this.nodeCount = nodeCount;
        this.nodeHeap = nodeHeap;
        this.settings = Map.copyOf(settings);
        this.err = err;
    }

    /** Whether PostgreSQL, Redis and HAProxy are installed. */
    static boolean installed() {
        return postgresBin() != null && Files.isExecutable(Path.of("/usr/bin/redis-server"))
               && Files.isExecutable(Path.of("/usr/sbin/haproxy"));
    }

    /** The newest {@code /usr/lib/postgresql/N/bin} (Debian's layout), or null. */
    static Path postgresBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString())))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int version(String name) {
        return name.matches("\\d+") ? Integer.parseInt(name) : -1;
    }

    /** Starts everything; returns the balancer's port once a health check through it answers. */
    int start(int balancerPort) throws Exception {
        String password = postgres();
        int redisPort = ClusterDemoCommand.freePort();
        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        start("redis", List.of("/usr/bin/redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--dir", redisDir.toString(), "--save", "", "--appendonly", "no"), Map.of());
        awaitPort(redisPort, "redis");
        String dbUrl = "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + DB_NAME;
        StringBuilder description = new StringBuilder()
                .append("db-url=").append(dbUrl).append('\n')
                .append("db-user=").append(DB_USER).append('\n')
                .append("db-password-file=").append(dir.resolve("postgres-password")).append('\n')
                .append("redis-url=redis://127.0.0.1:").append(redisPort).append('\n');
        // One TLS pair for every node, made once in the demo's directory (a second run reuses it): behind
        // the TCP balancer a device's TLS session ends on whichever node it lands on.
        Path cert = dir.resolve("tls").resolve("cert.pem");
        Path key = dir.resolve("tls").resolve("key.pem");
        sharedTlsPair(cert, key);
        description.append("tls-cert=").append(cert).append('\n').append("tls-key=").append(key).append('\n');
        List<Integer> ports = new ArrayList<>();
        List<Integer> tlsPorts = new ArrayList<>();
        for (int n = 1; n <= nodeCount; n++) {
            int port = ClusterDemoCommand.freePort();
            int tlsPort = ClusterDemoCommand.freePort();
            Path nodeDir = Files.createDirectories(dir.resolve("node-" + n));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + nodeHeap,
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                    "--data-dir", nodeDir.toString(), "--port", Integer.toString(port),
                    "--tls-port", Integer.toString(tlsPort), "--set", "tls-cert=" + cert, "--set", "tls-key=" + key,
                    "--set", "bind-address=127.0.0.1", "--set", "db-url=" + dbUrl, "--set", "db-user=" + DB_USER,
                    "--set", "redis-url=redis://127.0.0.1:" + redisPort, "--set", "node-id=node-" + n));
            settings.forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
            Process node = start("node-" + n, command, Map.of("CIC_DB_PASSWORD", password));
            ports.add(port);
            tlsPorts.add(tlsPort);
            description.append("node-").append(n).append(".port=").append(port).append('\n')
                    .append("node-").append(n).append(".tls-port=").append(tlsPort).append('\n')
                    .append("node-").append(n).append(".pid=").append(node.pid()).append('\n')
                    .append("node-").append(n).append(".data-dir=").append(nodeDir).append('\n');
            if (n == 1) {
                awaitHealthy(port, "node-1"); // the first node migrates the database; the others find it done
            }
        }
        for (int n = 2; n <= nodeCount; n++) {
            awaitHealthy(ports.get(n - 1), "node-" + n);
        }
        Path config = dir.resolve("haproxy.cfg");
        tlsBalancerPort = ClusterDemoCommand.freePort();
        ClusterDemoCommand.write(config, HaproxyConfig.of(balancerPort, ports, tlsBalancerPort, tlsPorts));
        start("haproxy", List.of("/usr/sbin/haproxy", "-db", "-f", config.toString()), Map.of());
        awaitHealthy(balancerPort, "haproxy");
        description.append("haproxy-config=").append(config).append('\n')
                .append("devices=http://127.0.0.1:").append(balancerPort).append('\n')
                .append("devices-tls=https://127.0.0.1:").append(tlsBalancerPort).append('\n');
        ClusterDemoCommand.write(dir.resolve(DESCRIPTION), description.toString());
        return balancerPort;
    }

    /**
     * Writes a self-signed pair for "localhost" as PEM files, unless a former run did. Quietly: the
     * demo's standard output carries only the devices line (a log line there would break scripts).
     */
    private static void sharedTlsPair(Path cert, Path key) throws IOException {
        if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
            return;
        }
        Files.createDirectories(cert.getParent());
        com.linecorp.armeria.common.TlsKeyPair pair = com.linecorp.armeria.common.TlsKeyPair.ofSelfSigned("localhost");
        try {
            ClusterDemoCommand.write(cert, pem("CERTIFICATE", pair.certificateChain().get(0).getEncoded()));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException("could not encode the self-signed certificate", e);
        }
        ClusterDemoCommand.write(key, pem("PRIVATE KEY", pair.privateKey().getEncoded()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private int pgPort;
    /** The balancer's TLS port (the nodes' TLS ports behind it), once started. */
    private int tlsBalancerPort;

    int tlsBalancerPort() {
        return tlsBalancerPort;
    }

    /** initdb (first run in the directory), pg_ctl start, the database; returns the password. */
    private String postgres() throws Exception {
        pgBin = postgresBin();
        pgData = dir.resolve("postgres");
        Path pwfile = dir.resolve("postgres-password");
        boolean fresh = !Files.exists(pgData.resolve("PG_VERSION"));
        if (fresh) {
            ClusterDemoCommand.write(pwfile, UUID.randomUUID() + "\n");
            Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
            Files.createDirectories(pgData);
            if (asPostgresUser) { // PostgreSQL refuses to run as root: Debian's postgres user runs it
                checkReachable(dir);
                chown("postgres:postgres", pgData, pwfile);
            }
            err.println("cic: initdb " + pgData);
            run(List.of(pgBin.resolve("initdb").toString(), "-D", pgData.toString(), "-U", DB_USER,
                    "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale"));
        }
        String password = Files.readString(pwfile).strip();
        pgPort = ClusterDemoCommand.freePort();
        // The log inside its data directory: the only place the postgres user may write.
        run(List.of(pgBin.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-l", pgData.resolve("postgres.log").toString(),
                "-w", "-t", "60", "-o", "-p " + pgPort + " -k " + pgData + " -c listen_addresses=127.0.0.1"
                + " -c max_connections=200", "start"));
        pgStarted = true;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                DB_USER, password);
             Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DB_NAME + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("CREATE DATABASE " + DB_NAME);
            }
        }
        err.println("cic: PostgreSQL on 127.0.0.1:" + pgPort);
        return password;
    }

    /** The postgres user must be able to walk down to the directory: every parent searchable by others. */
    private static void checkReachable(Path dir) throws IOException {
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException("PostgreSQL runs as the postgres user, which cannot enter " + p
                        + " (no o+x): choose a --data-dir it can reach, e.g. under /tmp or /var/tmp");
            }
        }
    }

    private void chown(String owner, Path... paths) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("chown", owner));
        for (Path p : paths) {
            command.add(p.toString());
        }
        if (new ProcessBuilder(command).inheritIO().start().waitFor() != 0) {
            throw new IOException("chown " + owner + " failed");
        }
        // The postgres user must be able to reach its directory.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A PostgreSQL tool, as the postgres user when we are root; fails with its output. */
    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path log = dir.resolve("postgres-tools.log");
        // Started in PostgreSQL's own directory: the postgres user may not enter the caller's.
        Process p = new ProcessBuilder(full).directory(pgData.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(Path.of(command.get(0)).getFileName() + " failed (see " + log + ")");
        }
    }

    private Process start(String name, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        synchronized (processes) {
            processes.add(p);
        }
        err.println("cic: started " + name + " (pid " + p.pid() + ", log " + dir.resolve(name + ".log") + ")");
        return p;
    }

    private void awaitPort(int port, String what) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100); // a process coming up: nothing else to wait on
            }
        }
        throw new IOException(what + " did not listen on port " + port + " within " + START.toSeconds() + " s");
    }

    /** Until {@code GET /healthz} on the port answers 200. */
    private void awaitHealthy(int port, String what) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    err.println("cic: " + what + " healthy on 127.0.0.1:" + port);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            synchronized (processes) {
                if (processes.stream().anyMatch(p -> !p.isAlive())) {
                    throw new IOException("a process exited while " + what + " was starting (see the logs)");
                }
            }
            Thread.sleep(200);
        }
        throw new IOException(what + " not healthy on port " + port + " within " + START.toSeconds() + " s");
    }

    /** Stops everything started, newest first (HAProxy, nodes, Redis), then PostgreSQL. */
    void stop() {
        List<Process> started;
        synchronized (processes) {
            started = new ArrayList<>(processes);
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).destroy(); // SIGTERM: a node closes cleanly (its shutdown hook)
        }
        for (Process p : started) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        if (pgStarted) {
            try {
                run(List.of(pgBin.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-m", "fast", "-w", "stop"));
            } catch (IOException | InterruptedException e) {
                // Ctrl-C reaches PostgreSQL too (same process group): it may have stopped already
            }
        }
        if (!keep) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a temporary directory left behind
            }
        }
        err.println("cic: cluster-demo stopped");
    }
}
