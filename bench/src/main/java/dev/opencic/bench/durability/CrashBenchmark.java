package dev.opencic.bench.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.HttpResponse;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.server.store.H2CrashRecovery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * kill -9 at a random moment during a stream of acknowledged writes, restart, verify: every write the
 * server answered 200 for must be in the database after the crash. Each trial starts {@code ./cic
 * serve} as its own JVM on one data directory (the server's class path is {@code --server-classpath},
 * so a build of another branch can be measured the same way), opens a downchannel, and has
 * {@code --writers} devices send "remember that ..." and "remind me to ... in three hours" text
 * events back to back; after a random delay in [{@code --min-kill-ms}, {@code --max-kill-ms}] it sends
 * SIGKILL, waits for the process to end, and looks for every acknowledged write with plain JDBC (no
 * settings in the URL), after running the server's {@link H2CrashRecovery} on the file as the server
 * does at its start ({@code --no-h2-recovery}: H2 alone, for a server built before it). The account and client are
 * made once, with the server's own {@code admin} command.
 */
@Command(name = "CrashBenchmark", mixinStandardHelpOptions = true,
        description = "kill -9 during acknowledged writes, restart, count acknowledged writes lost.")
public final class CrashBenchmark implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLEARTEXT = Pattern.compile("cleartext .*http://[^:]+:(\\d+)");
    private static final String BOUNDARY = "crash-bench-3f9a";
    private static final String USER = "crash";
    private static final String PASSWORD = "crash bench password";

    @Option(names = "--trials", defaultValue = "200", description = "Crash trials (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--writers", defaultValue = "2", description = "Devices writing concurrently (default: ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--min-kill-ms", defaultValue = "200",
            description = "Earliest kill after the writes start, ms (default: ${DEFAULT-VALUE}).")
    long minKillMs;

    @Option(names = "--max-kill-ms", defaultValue = "2500",
            description = "Latest kill after the writes start, ms (default: ${DEFAULT-VALUE}).")
    long maxKillMs;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed for the kill moments (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-dir", required = true, description = "A new, empty data directory for the server.")
    Path dataDir;

    @Option(names = "--server-classpath", description = "Class path of the server under test (default: this JVM's).")
    String serverClasspath;

    @Option(names = "--db-url", description = "A PostgreSQL JDBC URL: the server stores there instead of H2 in the data directory.")
    String dbUrl;

    @Option(names = "--db-user", description = "The PostgreSQL user (with --db-url).")
    String dbUser;

    @Option(names = "--db-password", description = "The PostgreSQL password (with --db-url; passed to the server as CIC_DB_PASSWORD).")
    String dbPassword;

    @Option(names = "--h2-recovery", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Before the check opens the H2 file, run the server's store.H2CrashRecovery, as the "
                    + "server under test does at its start (default: ${DEFAULT-VALUE}; --no-h2-recovery for a "
                    + "server built before it, whose start opens the file with H2 alone).")
    boolean h2Recovery;

    @Option(names = "--label", defaultValue = "cic", description = "Name printed with the results (default: ${DEFAULT-VALUE}).")
    String label;

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new CrashBenchmark(), args);
    }

    private record Write(String table, String marker) {}

    @Override
    public Integer call() throws Exception {
        String classpath = serverClasspath != null ? serverClasspath : System.getProperty("java.class.path");
        Files.createDirectories(dataDir);
        admin(classpath, PASSWORD + "\n", "user", "add", USER);
        JsonNode client = JSON.readTree(admin(classpath, "", "client", "add", "crash-bench"));
        Random random = new Random(seed);
        long acknowledged = 0;
        long lost = 0;
        int trialsWithLoss = 0;
        String[] tokens = null;
        try (ClientFactory factory = ClientFactory.builder().build()) {
            for (int trial = 0; trial < trials; trial++) {
                Process server = null;
                try {
                    server = start(classpath);
                    int port = port(server);
                    String base = "h2c://127.0.0.1:" + port;
                    if (tokens == null) {
                        tokens = tokens(factory, base, client);
                    }
                    long killAfter = minKillMs + (long) (random.nextDouble() * (maxKillMs - minKillMs));
                    List<Write> acked = writeUntilKilled(factory, base, tokens, trial, server, killAfter);
                    // The database file as the kill left it, before the check's open recovers it: kept
                    // next to the data directory when the trial lost a write, for MVStoreTool.
                    Path killed = dataDir.resolveSibling(dataDir.getFileName() + "-trial-" + trial + ".mv.db");
                    if (dbUrl == null) {
                        Files.copy(dataDir.resolve("cic.mv.db"), killed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    List<Write> missing = missing(acked);
                    if (missing.isEmpty()) {
                        Files.deleteIfExists(killed);
                    } else if (dbUrl == null) {
                        System.out.printf("trial=%d kept=%s%n", trial, killed);
                    }
                    acknowledged += acked.size();
                    lost += missing.size();
                    if (!missing.isEmpty()) {
                        trialsWithLoss++;
                    }
                    System.out.printf("trial=%d kill_after_ms=%d acknowledged=%d lost=%d%s%n", trial, killAfter,
                            acked.size(), missing.size(), missing.isEmpty() ? "" : " missing=" + missing);
                } finally {
                    if (server != null && server.isAlive()) {
                        server.destroyForcibly().waitFor();
                    }
                }
            }
        }
        System.out.printf("RESULT label=%s trials=%d acknowledged=%d lost=%d trials_with_loss=%d%n", label, trials,
                acknowledged, lost, trialsWithLoss);
        return 0;
    }

    private String admin(String classpath, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", classpath, "dev.opencic.server.cli.Main", "admin",
                "--data-dir", dataDir.toString()));
        command.addAll(storeSettings());
        command.addAll(List.of(args));
        Process p = withPassword(new ProcessBuilder(command)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("cic admin " + String.join(" ", args) + " failed: " + out);
        }
        return out.lines().filter(l -> !l.startsWith("SLF4J") && !l.matches("^\\d\\d:\\d\\d.*")).reduce("", (a, b) -> a + b);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Process start(String classpath) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                "dev.opencic.server.cli.Main", "serve", "--data-dir", dataDir.toString(), "--port", "0",
                "--tls-port", "-1", "--set", "bind-address=127.0.0.1", "--set", "asr-pool-size=0"));
        command.addAll(storeSettings());
        return withPassword(new ProcessBuilder(command)).redirectErrorStream(true).start();
    }

    /** {@code --set db-url=... --set db-user=...} when the run is on PostgreSQL; nothing for H2. */
    private List<String> storeSettings() {
        return dbUrl == null ? List.of() : List.of("--set", "db-url=" + dbUrl, "--set", "db-user=" + dbUser);
    }

    private ProcessBuilder withPassword(ProcessBuilder pb) {
        if (dbPassword != null) {
            pb.environment().put("CIC_DB_PASSWORD", dbPassword); // not on the command line, where ps shows it
        }
        return pb;
    }

    /** Reads the server's output until it names its port, then keeps draining it in the background. */
    private static int port(Process server) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    Matcher m = CLEARTEXT.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // killed
            }
            port.completeExceptionally(new IllegalStateException("server exited before it was ready"));
        });
        reader.setDaemon(true);
        reader.start();
        return port.get(120, TimeUnit.SECONDS);
    }

    private String[] tokens(ClientFactory factory, String base, JsonNode client) {
        WebClient c = WebClient.builder(base).factory(factory).build();
        String accountToken = JSON.valueToTree(json(c.execute(HttpRequest.of(HttpMethod.POST, "/accounts/login",
                MediaType.FORM_DATA, QueryParams.of("username", USER, "password", PASSWORD).toQueryString()))
                .aggregate().join())).get("access_token").asText();
        String[] tokens = new String[writers];
        for (int i = 0; i < writers; i++) {
            String deviceId = "crash-device-" + i;
            String code = json(c.prepare().get("/authorize").queryParams(QueryParams.builder()
                    .add("client_id", client.get("client_id").asText()).add("device_id", deviceId)
                    .add("response_type", "code").add("state", "s").build())
                    .header("authorization", "Bearer " + accountToken).execute().aggregate().join()).get("code").asText();
            tokens[i] = json(c.execute(HttpRequest.of(HttpMethod.POST, "/token", MediaType.FORM_DATA, QueryParams.builder()
                    .add("grant_type", "authorization_code").add("client_id", client.get("client_id").asText())
                    .add("client_secret", client.get("client_secret").asText()).add("code", code)
                    .add("device_id", deviceId).build().toQueryString())).aggregate().join()).get("access_token").asText();
        }
        return tokens;
    }

    private static JsonNode json(AggregatedHttpResponse r) {
        try {
            return JSON.readTree(r.contentUtf8());
        } catch (IOException e) {
            throw new IllegalStateException(r.status() + " " + r.contentUtf8(), e);
        }
    }

    /**
     * Each writer: a downchannel, then one write after the other, each recorded once its 200 answer
     * is complete; SIGKILL after {@code killAfterMs}.
     */
    private List<Write> writeUntilKilled(ClientFactory factory, String base, String[] tokens, int trial, Process server,
                                         long killAfterMs) throws Exception {
        ConcurrentLinkedQueue<Write> acked = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        List<HttpResponse> downchannels = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            WebClient device = WebClient.builder(base).factory(factory).responseTimeoutMillis(0).build();
            HttpResponse down = device.execute(RequestHeaders.of(HttpMethod.GET, "/v1/directives",
                    HttpHeaderNames.AUTHORIZATION, "Bearer " + tokens[w]));
            down.subscribe(new org.reactivestreams.Subscriber<>() {
                public void onSubscribe(org.reactivestreams.Subscription s) { s.request(Long.MAX_VALUE); }
                public void onNext(com.linecorp.armeria.common.HttpObject o) {}
                public void onError(Throwable t) {}
                public void onComplete() {}
            });
            downchannels.add(down);
            int writer = w;
            Thread t = new Thread(() -> {
                for (int seq = 0; !killed.get(); seq++) {
                    boolean memo = seq % 2 == 0;
                    String marker = words("t", trial) + " " + words("w", writer) + " " + words("s", seq);
                    String text = memo ? "remember that parcel " + marker : "remind me to water " + marker + " in three hours";
                    try {
                        AggregatedHttpResponse r = device.execute(RequestHeaders.builder(HttpMethod.POST, "/v1/events")
                                .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + tokens[writer])
                                .contentType(MediaType.parse("multipart/form-data; boundary=" + BOUNDARY)).build(),
                                HttpData.ofUtf8(body(text, trial + "-" + writer + "-" + seq))).aggregate().join();
                        if (r.status().code() == 200) {
                            acked.add(new Write(memo ? "memos" : "reminders", marker));
                        }
                    } catch (RuntimeException e) {
                        return; // the server is gone
                    }
                }
            });
            threads.add(t);
        }
        Thread.sleep(300); // let the downchannels open before the first event (else 412)
        threads.forEach(Thread::start);
        Thread.sleep(killAfterMs);
        server.destroyForcibly(); // SIGKILL
        killed.set(true);
        server.waitFor(30, TimeUnit.SECONDS);
        for (Thread t : threads) {
            t.join(30_000);
        }
        downchannels.forEach(HttpResponse::abort);
        return new ArrayList<>(acked);
    }

    private static String body(String text, String id) {
        String metadata = "{\"context\":[],\"event\":{\"header\":{\"namespace\":\"TextRecognizer\",\"name\":\"Recognize\","
                + "\"messageId\":\"m-" + id + "\",\"dialogRequestId\":\"d-" + id + "\"},\"payload\":{\"text\":\"" + text + "\"}}}";
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json; charset=UTF-8\r\n\r\n" + metadata + "\r\n--" + BOUNDARY + "--\r\n";
    }

    /**
     * A number as letters after a prefix (0 = "tb"), so no number normalisation changes it on its way
     * into the store; distinct prefixes because the text normaliser folds a word said twice in a row.
     */
    static String words(String prefix, int n) {
        StringBuilder s = new StringBuilder();
        do {
            s.append((char) ('b' + n % 24));
            n /= 24;
        } while (n > 0);
        return prefix + s;
    }

    /** The acknowledged writes that the database does not hold, read with plain JDBC after the kill. */
    private List<Write> missing(List<Write> acked) throws SQLException {
        List<Write> missing = new ArrayList<>();
        if (dbUrl == null && h2Recovery) {
            // The check opens the file first after the kill: it must open it as the server would.
            H2CrashRecovery.recoverNewestCommit(dataDir.toAbsolutePath().resolve("cic.mv.db"));
        }
        try (Connection c = dbUrl != null ? DriverManager.getConnection(dbUrl, dbUser, dbPassword)
                : DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("cic"), "sa", "")) {
            for (Write w : acked) {
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT COUNT(*) FROM " + w.table() + " WHERE content LIKE ?")) {
                    s.setString(1, "%" + w.marker() + "%");
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) == 0) {
                            missing.add(w);
                        }
                    }
                }
            }
        }
        return missing;
    }
}
