package dev.opencic.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.auth.AuthModule;
import dev.opencic.server.store.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./cic serve} as a separate JVM (the test's own class path), for what only a process can
 * show: {@code kill -9} and what a restart finds, and which sockets the process listens on. Always
 * on loopback, a free port, TLS off, no speech recognizer.
 */
public final class ServerProcess implements AutoCloseable {

    public static final String USER = "alice";
    public static final String PASSWORD = "correct horse battery";
    private static final Pattern CLEARTEXT = Pattern.compile("cleartext .*http://[^:]+:(\\d+)");

    public record Credentials(String clientId, String clientSecret) {}

    private final Process process;
    private final int httpPort;
    private final List<String> output = new ArrayList<>();

    private ServerProcess(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /** Creates the account {@link #USER} and a client in a new data directory, as {@code ./cic admin} would. */
    public static Credentials seed(Path dataDir) {
        try (Database db = Database.open(dataDir)) {
            AuthModule auth = AuthModule.builder(db).blockingExecutor(Runnable::run).build();
            auth.accounts().createAccount(USER, PASSWORD.toCharArray());
            var client = auth.clients().createClient("crash-test-speaker");
            return new Credentials(client.clientId(), client.clientSecret());
        }
    }

    /** Starts the server on {@code dataDir} and returns once it says it is ready. */
    public static ServerProcess start(Path dataDir, String... settings) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.opencic.server.cli.Main", "serve",
                "--data-dir", dataDir.toString(), "--port", "0", "--tls-port", "-1",
                "--set", "bind-address=127.0.0.1", "--set", "asr-pool-size=0"));
        for (String s : settings) {
            command.add("--set");
            command.add(s);
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    Matcher m = CLEARTEXT.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process died; port fails below
            }
            port.completeExceptionally(new IllegalStateException("server exited before it was ready"));
        }, "server-process-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ServerProcess sp = new ServerProcess(p, port.get(120, TimeUnit.SECONDS));
            synchronized (lines) {
                sp.output.addAll(lines);
            }
            return sp;
        } catch (Exception e) {
            p.destroyForcibly().waitFor();
            synchronized (lines) {
                throw new IllegalStateException("server did not start: " + e + "\n" + String.join("\n", lines), e);
            }
        }
    }

    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    public String h2cUri() {
        return "h2c://127.0.0.1:" + httpPort;
    }

    /** The admin port, from {@code admin.endpoint} in the data directory. */
    public static int adminPort(Path dataDir) throws IOException {
        String uri = Files.readString(dataDir.resolve("admin.endpoint")).strip();
        return Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1));
    }

    /** {@code kill -9}: no shutdown hook, no clean close of anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * The sockets the process listens on, as {@code address:port} (IPv4 dotted, IPv6 as the kernel's
     * hex), from its file descriptors matched against {@code /proc/<pid>/net/tcp} and {@code tcp6}.
     */
    public Set<String> listeningSockets() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        Set<String> listening = new HashSet<>();
        for (String table : new String[] {"tcp", "tcp6"}) {
            Path file = Path.of("/proc", Long.toString(pid()), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                // f[1] local address, f[3] state (0A = LISTEN), f[9] inode
                if (f.length > 9 && "0A".equals(f[3]) && inodes.contains(f[9])) {
                    listening.add(address(f[1]));
                }
            }
        }
        return listening;
    }

    private static String address(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        if (ip.length() == 32 && ip.startsWith("0000000000000000FFFF0000")) {
            ip = ip.substring(24); // IPv4-mapped IPv6: the IPv4 address it stands for
        }
        if (ip.length() == 8) {
            long a = Long.parseLong(ip, 16);
            return (a & 0xff) + "." + ((a >> 8) & 0xff) + "." + ((a >> 16) & 0xff) + "." + ((a >> 24) & 0xff) + ":" + port;
        }
        return ip + ":" + port;
    }

    /** Login, authorize and token over HTTP/2; the device's access token. */
    public String obtainToken(Credentials credentials, String deviceId) {
        try (ClientFactory f = ClientFactory.builder().build()) {
            WebClient c = WebClient.builder(h2cUri()).factory(f).build();
            String accountToken = json(c.execute(RequestHeaders.of(HttpMethod.POST, "/accounts/login",
                    "content-type", MediaType.FORM_DATA),
                    QueryParams.of("username", USER, "password", PASSWORD).toQueryString()).aggregate().join().contentUtf8())
                    .get("access_token").asText();
            String code = json(c.prepare().get("/authorize")
                    .queryParams(QueryParams.builder().add("client_id", credentials.clientId()).add("device_id", deviceId)
                            .add("response_type", "code").add("state", "s").build())
                    .header("authorization", "Bearer " + accountToken)
                    .execute().aggregate().join().contentUtf8()).get("code").asText();
            return json(c.execute(RequestHeaders.of(HttpMethod.POST, "/token", "content-type", MediaType.FORM_DATA),
                    QueryParams.builder().add("grant_type", "authorization_code").add("client_id", credentials.clientId())
                            .add("client_secret", credentials.clientSecret()).add("code", code)
                            .add("device_id", deviceId).build().toQueryString())
                    .aggregate().join().contentUtf8()).get("access_token").asText();
        }
    }

    private static JsonNode json(String body) {
        try {
            return MessageCodec.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    /** A clean stop (SIGTERM: the shutdown hook closes the server). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
