package dev.opencic.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Redis server for the tests of one JVM, like {@link TestPostgres}: on first use
 * {@code redis-server} is started on a free loopback port with a temporary directory and no
 * persistence (nothing is saved: cluster state in Redis is short-lived by design); a shutdown hook
 * stops it and deletes the directory.
 *
 * <p>A missing {@code redis-server} skips the test on a developer's machine and fails it under
 * {@code CI} ({@link Engines#require}): {@code apt-get install redis-server}. {@code $CIC_TEST_REDIS}
 * names another binary.
 */
public final class TestRedis {

    private static TestRedis instance;

    private final Process process;
    private final Path dir;
    private final int port;

    private TestRedis(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** The JVM's server, started on first use. */
    public static synchronized TestRedis get() {
        Path bin = findBin();
        Engines.require(bin != null, "Redis is not installed (no redis-server)", "redis-server");
        if (instance == null) {
            instance = start(bin);
            TestRedis started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-redis-stop"));
        }
        return instance;
    }

    private static Path findBin() {
        String override = System.getenv("CIC_TEST_REDIS");
        Path p = override != null && !override.isBlank() ? Path.of(override) : Path.of("/usr/bin/redis-server");
        return Files.isExecutable(p) ? p : null;
    }

    private static TestRedis start(Path bin) {
        try {
            Path dir = Files.createTempDirectory("cic-redis-");
            for (int attempt = 0; ; attempt++) {
                int port = freePort();
                Process p = new ProcessBuilder(List.of(bin.toString(), "--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                        "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()))
                        .directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis.out").toFile()).start();
                if (awaitListening(p, port, Duration.ofSeconds(20))) {
                    return new TestRedis(p, dir, port);
                }
                p.destroyForcibly();
                if (attempt >= 2) { // the free port was taken in between, or worse
                    throw new IllegalStateException("redis-server did not start: " + log(dir));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server accepts connections (it answers PING once loaded) before the deadline. */
    private static boolean awaitListening(Process p, int port, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getOutputStream().write("PING\r\n".getBytes());
                byte[] answer = new byte[7];
                int n = s.getInputStream().read(answer);
                if (n > 0 && new String(answer, 0, n).startsWith("+PONG")) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            try {
                Thread.sleep(20); // polling a process coming up: no other signal to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static String log(Path dir) {
        try {
            Path log = dir.resolve("redis.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
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

    /** {@code redis://127.0.0.1:PORT}, for {@code --set redis-url}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }
}
