package dev.opencic.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./cic cluster-demo}: a whole cluster on loopback, in the foreground, for trying cluster mode
 * (issue 19): PostgreSQL (its own data directory, a free port), Redis, three {@code ./cic serve}
 * nodes and HAProxy in front of them (TCP mode, health checks on {@code GET /healthz}). Prints one
 * line on standard output, {@code devices: http://127.0.0.1:PORT}, where devices connect; everything
 * else (progress, where the logs are, how to add a user) goes to standard error. Ctrl-C (SIGINT) or
 * SIGTERM stops every process it started.
 *
 * <p>PostgreSQL, Redis and HAProxy come from Debian: installed with apt-get when run as root, else
 * the command to run is printed and the demo exits with status 2.
 */
@Command(name = "cluster-demo", description = "Run PostgreSQL, Redis, 3 nodes and HAProxy on loopback until Ctrl-C;"
        + " prints 'devices: http://127.0.0.1:PORT'.")
final class ClusterDemoCommand implements Callable<Integer> {

    static final List<String> PACKAGES = List.of("postgresql", "redis-server", "haproxy");

    @Option(names = "--data-dir", description = "Where PostgreSQL, the nodes and the logs keep their files, kept"
            + " after the demo (default: a new temporary directory, deleted at the end).")
    Path dataDir;

    @Option(names = "--port", description = "The balancer's port for devices (default: a free port).")
    int port;

    @Option(names = "--nodes", description = "How many nodes (default: 3).")
    int nodes = 3;

    @Option(names = "--node-heap", description = "Each node's maximum heap (default: 512m).")
    String nodeHeap = "512m";

    @Option(names = "--set", description = "A setting for every node as key=value (repeatable), e.g. --set asr-pool-size=0.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        if (nodes < 1 || nodes > 16) {
            throw new IllegalArgumentException("--nodes: " + nodes + " (expected: 1..16)");
        }
        if (!DemoCluster.installed()) {
            boolean root = "root".equals(System.getProperty("user.name"));
            if (!root || !install(err)) {
                err.println("cic: cluster-demo needs PostgreSQL, Redis and HAProxy from Debian; run:");
                err.println("       sudo apt-get install -y " + String.join(" ", PACKAGES));
                return 2;
            }
        }
        boolean keep = dataDir != null;
        Path dir = keep ? dataDir.toAbsolutePath() : Files.createTempDirectory("cic-cluster-demo-");
        Files.createDirectories(dir);
        DemoCluster cluster = new DemoCluster(dir, keep, nodes, nodeHeap, settings, err);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.stop();
            stopped.countDown();
        }, "cluster-demo-stop"));
        int balancer;
        try {
            balancer = cluster.start(port == 0 ? freePort() : port);
        } catch (Exception e) {
            err.println("cic: cluster-demo could not start: " + e.getMessage());
            err.println("cic: logs in " + dir);
            return 1; // the shutdown hook stops what did start
        }
        err.println("cic: cluster of " + nodes + " nodes behind HAProxy; files and logs in " + dir
                + " (settings in " + dir.resolve(DemoCluster.DESCRIPTION) + ")");
        err.println("cic: devices over TLS: https://127.0.0.1:" + cluster.tlsBalancerPort() + " (every node presents "
                + dir.resolve("tls").resolve("cert.pem") + ")");
        err.println("cic: add a user:   ./cic admin --data-dir " + dir.resolve("node-1") + " user add NAME");
        err.println("cic: add a client: ./cic admin --data-dir " + dir.resolve("node-1") + " client add NAME");
        err.println("cic: Ctrl-C stops everything");
        System.out.println("devices: http://127.0.0.1:" + balancer);
        System.out.flush();
        stopped.await(); // until SIGINT/SIGTERM: the hook stops the cluster
        return 0;
    }

    /** apt-get install as root; true when everything is there afterwards. */
    private static boolean install(PrintStream err) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return false;
        }
        err.println("cic: installing " + String.join(" ", PACKAGES) + " (apt-get)");
        List<String> update = List.of("apt-get", "update", "-qq");
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq"));
        install.addAll(PACKAGES);
        for (List<String> command : List.of(update, install)) {
            // Standard output carries only the devices line: apt's chatter is dropped, its errors shown.
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            if (pb.start().waitFor() != 0) {
                err.println("cic: " + String.join(" ", command) + " failed");
                return false;
            }
        }
        return DemoCluster.installed();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
