package dev.opencic.server.testing;

import dev.opencic.server.auth.AuthModule;
import dev.opencic.server.store.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./cic cluster-demo} as a separate JVM on the test's class path: PostgreSQL, Redis, nodes
 * and HAProxy on loopback, exactly as a user runs it. Gives the balancer's URL (the one line the
 * command prints), the nodes (pid, port, admin port, from the demo's {@code cluster.properties}),
 * {@code kill -9} of a node, and a clean stop (SIGTERM, as Ctrl-C) after which no process it started
 * may be left. Needs postgresql, redis-server and haproxy installed ({@link Engines#require}).
 */
public final class ClusterDemoProcess implements AutoCloseable {

    private static final Pattern DEVICES = Pattern.compile("^devices: (http://127\\.0\\.0\\.1:\\d+)$");

    private final Process process;
    private final Path dir;
    private final String devicesUrl;
    private final Properties description;
    private final List<String> stdout;

    private ClusterDemoProcess(Process process, Path dir, String devicesUrl, Properties description, List<String> stdout) {
        this.process = process;
        this.dir = dir;
        this.devicesUrl = devicesUrl;
        this.description = description;
        this.stdout = stdout;
    }

    /** Starts the demo in {@code dir} (kept: its logs stay for a failed test) and returns once it printed its line. */
    public static ClusterDemoProcess start(Path dir, int nodes, String... settings) throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/sbin/haproxy"))
                && Files.isExecutable(Path.of("/usr/bin/redis-server")) && Files.isDirectory(Path.of("/usr/lib/postgresql"));
        Engines.require(installed, "cluster-demo needs postgresql, redis-server and haproxy", "haproxy");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), "dev.opencic.server.cli.Main", "cluster-demo",
                "--data-dir", dir.toString(), "--nodes", Integer.toString(nodes), "--node-heap", "256m"));
        for (String s : settings) {
            command.add("--set");
            command.add(s);
        }
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolveSibling(dir.getFileName() + ".err").toFile()))
                .start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    Matcher m = DEVICES.matcher(line);
                    if (m.matches()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // exited
            }
            url.completeExceptionally(new IllegalStateException("cluster-demo exited before it was ready"));
        }, "cluster-demo-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String devices = url.get(300, TimeUnit.SECONDS);
            Properties description = new Properties();
            description.load(new StringReader(Files.readString(dir.resolve("cluster.properties"))));
            return new ClusterDemoProcess(p, dir, devices, description, lines);
        } catch (Exception e) {
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
            throw new IllegalStateException("cluster-demo did not start: " + e + "\n"
                    + Files.readString(dir.resolveSibling(dir.getFileName() + ".err")), e);
        }
    }

    /** The one line's URL: where devices connect (HAProxy). */
    public String devicesUrl() {
        return devicesUrl;
    }

    /** What the demo printed on standard output. */
    public List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    /** A value of the demo's {@code cluster.properties} (e.g. {@code devices-tls}, {@code node-1.tls-port}), or null. */
    public String setting(String key) {
        return description.getProperty(key);
    }

    public long nodePid(int n) {
        return Long.parseLong(description.getProperty("node-" + n + ".pid"));
    }

    /** Every process the demo started and PostgreSQL's postmaster. */
    public List<Long> startedPids() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (int n = 1; description.getProperty("node-" + n + ".pid") != null; n++) {
            pids.add(nodePid(n));
        }
        Path postmaster = dir.resolve("postgres").resolve("postmaster.pid");
        if (Files.exists(postmaster)) {
            pids.add(Long.parseLong(Files.readAllLines(postmaster).get(0).strip()));
        }
        process.descendants().forEach(h -> pids.add(h.pid()));
        return pids;
    }

    /** Node {@code n}'s open downchannels, from its admin {@code /metrics}. */
    public int downchannelsOn(int n) throws Exception {
        String endpoint = Files.readString(Path.of(description.getProperty("node-" + n + ".data-dir"), "admin.endpoint")).strip();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        for (String line : r.body().split("\n")) {
            if (line.startsWith("cic_downchannels_active")) {
                return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("no cic_downchannels_active on node " + n);
    }

    /** {@code kill -9} of node {@code n}. */
    public void killNode(int n) {
        ProcessHandle.of(nodePid(n)).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** The account {@link ServerProcess#USER} and a client, in the cluster's PostgreSQL database. */
    public ServerProcess.Credentials seed() throws IOException {
        String password = Files.readString(Path.of(description.getProperty("db-password-file"))).strip();
        try (Database db = Database.postgres(description.getProperty("db-url"), description.getProperty("db-user"),
                password, 2)) {
            AuthModule auth = AuthModule.builder(db).blockingExecutor(Runnable::run).build();
            auth.accounts().createAccount(ServerProcess.USER, ServerProcess.PASSWORD.toCharArray());
            var client = auth.clients().createClient("balanced-speaker");
            return new ServerProcess.Credentials(client.clientId(), client.clientSecret());
        }
    }

    /** SIGTERM (what Ctrl-C does); returns the demo's exit status. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
