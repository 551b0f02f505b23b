package dev.opencic.bench.extension;

import com.linecorp.armeria.client.ClientFactory;
import dev.opencic.bench.cli.AccountOptions;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.bench.devices.DeviceTokens;
import dev.opencic.bench.report.LatencyHistogram;
import dev.opencic.bench.report.MachineLoad;
import dev.opencic.server.CicServer;
import dev.opencic.server.admin.AdminClient;
import dev.opencic.server.admin.AdminResult;
import dev.opencic.server.config.ServerConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What a third-party extension costs (issue 22), against built-in answers of the same run, on an
 * in-process server (loopback, no recogniser: typed words) with a local CEK extension
 * ({@link LocalExtension}) registered through the admin route as an operator would:
 *
 * <ol>
 *   <li>added latency: "ask latency probe about ..." (the extension answering at once) vs a built-in
 *       "note that the ... is in the cupboard", one device, one request at a time, interleaved.
 *       Both answers are unique texts, so both are synthesised (neither comes from the answer cache);
 *   <li>throughput: N devices in a closed loop for a fixed time asking an extension that answers after
 *       {@code --delay-ms}, beside the same devices sending the built-in notes; the two kinds
 *       alternate in rounds.
 * </ol>
 */
@Command(name = "ExtensionLatency", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Added latency and throughput of extension requests vs built-in requests of the same run.")
public final class ExtensionLatency implements Callable<Integer> {

    private static final String PASSWORD = "a long enough password";
    private static final List<String> THINGS = List.of("apple", "river", "candle", "garden", "window", "pepper",
            "violin", "pillow", "harbor", "jacket", "lemon", "marble", "needle", "orange", "pencil", "rabbit");
    private static final String MODEL = """
            {"invocation": "%s",
             "intents": [{"name": "Where", "slots": {"thing": "THING"}, "samples": ["about the {thing}", "about {thing}"]}],
             "slotTypes": {"THING": %s}}
            """;

    @Option(names = "--requests", defaultValue = "300", description = "Measured requests of each kind in the latency part (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", defaultValue = "50", description = "Unmeasured requests of each kind first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--devices", defaultValue = "8", description = "Closed-loop devices in the throughput part; more than the server's synthesis-queue (4 per core) get 503s (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--delay-ms", defaultValue = "50", description = "How long the extension takes to answer in the throughput part (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @Option(names = "--round-seconds", defaultValue = "15", description = "Length of one throughput round (default: ${DEFAULT-VALUE}).")
    int roundSeconds;

    @Option(names = "--rounds", defaultValue = "2", description = "Throughput rounds of each kind, alternating (default: ${DEFAULT-VALUE}).")
    int rounds;

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new ExtensionLatency(), args);
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("cic-extension-bench");
        ServerConfig config = ServerConfig.builder().dataDir(dir).bindAddress("127.0.0.1").port(0).tlsPort(-1)
                .asrPoolSize(0).build();
        try (CicServer server = CicServer.builder().config(config).build().start();
             LocalExtension extension = new LocalExtension();
             ClientFactory factory = ClientFactory.builder().idleTimeoutMillis(0).build()) {
            String url = "http://127.0.0.1:" + server.httpPort();
            register(dir, "latency-probe", extension.serve("/now", 0), "latency probe");
            register(dir, "slow-probe", extension.serve("/slow", delayMs), "slow probe");
            TextRequests devs = devices(server, factory, url, Math.max(1, devices));
            System.out.println(machine());
            latency(devs);
            throughput(devs);
            System.out.println("extension requests answered by the local extension: " + extension.answered());
            System.out.println(machine());
        }
        return 0;
    }

    private void latency(TextRequests devs) {
        AtomicLong n = new AtomicLong();
        LatencyHistogram ext = new LatencyHistogram();
        LatencyHistogram builtIn = new LatencyHistogram();
        int[] failed = new int[2];
        for (int i = 0; i < warmup + requests; i++) {
            // alternate which kind goes first, so neither always follows the other
            for (int k = 0; k < 2; k++) {
                boolean isExtension = (i + k) % 2 == 0;
                long nanos = devs.send(0, isExtension ? "ask latency probe about " + thing(i) : note(n.getAndIncrement()))
                        .join();
                if (nanos < 0) {
                    failed[isExtension ? 0 : 1]++;
                } else if (i >= warmup) {
                    (isExtension ? ext : builtIn).recordNanos(nanos);
                }
            }
        }
        System.out.printf("latency: 1 device, sequential, %d requests of each kind after %d warm-up, interleaved%n",
                requests, warmup);
        System.out.println(builtIn.summary("  built-in note (baseline):       ") + "  n=" + builtIn.count()
                + " failed=" + failed[1]);
        System.out.println(ext.summary("  extension, answering at once:   ") + "  n=" + ext.count()
                + " failed=" + failed[0]);
        System.out.printf(Locale.ROOT, "  added by the extension: p50 %+.1f ms, p95 %+.1f ms%n",
                ext.percentileMillis(50) - builtIn.percentileMillis(50),
                ext.percentileMillis(95) - builtIn.percentileMillis(95));
        if (failed[0] + failed[1] > 0) {
            System.out.println("  last failure: " + devs.lastFailure());
        }
    }

    private void throughput(TextRequests devs) {
        AtomicLong n = new AtomicLong(10_000);
        LatencyHistogram ext = new LatencyHistogram();
        LatencyHistogram builtIn = new LatencyHistogram();
        long[] extCount = new long[3];
        long[] builtInCount = new long[3];
        for (int r = 0; r < rounds; r++) {
            closedLoop(devs, i -> note(n.getAndIncrement()), builtIn, builtInCount);
            closedLoop(devs, i -> "ask slow probe about " + thing(i), ext, extCount);
        }
        double seconds = (double) rounds * roundSeconds;
        System.out.printf(Locale.ROOT, "throughput: %d devices in a closed loop, %d rounds of %d s per kind, alternating%n",
                devs.devices(), rounds, roundSeconds);
        System.out.printf(Locale.ROOT, "  built-in note (baseline):          %7.1f req/s  n=%d shed=%d failed=%d  %s%n",
                builtInCount[0] / seconds, builtInCount[0], builtInCount[2], builtInCount[1], builtIn.summary(""));
        System.out.printf(Locale.ROOT, "  extension answering after %3d ms:  %7.1f req/s  n=%d shed=%d failed=%d  %s%n",
                delayMs, extCount[0] / seconds, extCount[0], extCount[2], extCount[1], ext.summary(""));
        if (extCount[1] + builtInCount[1] > 0) {
            System.out.println("  last failure: " + devs.lastFailure());
        }
    }

    /**
     * Every device sends, waits for its answer, sends again, until the round ends; a device refused
     * with 503 waits a second (the server's Retry-After) as a real one would. Counts {ok, failed, shed}.
     */
    private void closedLoop(TextRequests devs, IntFunction<String> text, LatencyHistogram latency, long[] counts) {
        long end = System.nanoTime() + roundSeconds * 1_000_000_000L;
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong shed = new AtomicLong();
        CompletableFuture<?>[] loops = new CompletableFuture<?>[devs.devices()];
        for (int d = 0; d < loops.length; d++) {
            loops[d] = loop(devs, d, 0, end, text, latency, ok, failed, shed);
        }
        CompletableFuture.allOf(loops).join();
        counts[0] += ok.get();
        counts[1] += failed.get();
        counts[2] += shed.get();
    }

    private CompletableFuture<Void> loop(TextRequests devs, int device, int i, long end, IntFunction<String> text,
                                         LatencyHistogram latency, AtomicLong ok, AtomicLong failed, AtomicLong shed) {
        if (System.nanoTime() >= end) {
            return CompletableFuture.completedFuture(null);
        }
        return devs.send(device, text.apply(device + i)).thenComposeAsync(nanos -> {
            if (nanos == TextRequests.SHED) {
                shed.incrementAndGet();
                return CompletableFuture.supplyAsync(() -> null,
                                CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS))
                        .thenCompose(x -> loop(devs, device, i + 1, end, text, latency, ok, failed, shed));
            }
            if (nanos < 0) {
                failed.incrementAndGet();
            } else {
                ok.incrementAndGet();
                latency.recordNanos(nanos);
            }
            return loop(devs, device, i + 1, end, text, latency, ok, failed, shed);
        });
    }

    private static String thing(int i) {
        return THINGS.get(Math.floorMod(i, THINGS.size()));
    }

    /** A built-in request no other request of the run repeats, so its answer is synthesised afresh. */
    private static String note(long n) {
        StringBuilder words = new StringBuilder();
        long rest = n;
        for (int i = 0; i < 4; i++) { // four words of sixteen: 65536 texts, no digits for the matcher to trip on
            words.append(i == 0 ? "" : " ").append(thing((int) (rest % THINGS.size())));
            rest /= THINGS.size();
        }
        return "note that the " + words + " is in the cupboard";
    }

    private static void register(Path dataDir, String name, String url, String invocation) throws Exception {
        String values = THINGS.stream().map(t -> '"' + t + '"').toList().toString();
        AdminResult added = AdminClient.find(dataDir).orElseThrow(() -> new IllegalStateException("no admin route"))
                .run("extension-add", Map.of("name", name, "url", url, "model", MODEL.formatted(invocation, values)))
                .orElseThrow(() -> new IllegalStateException("admin route did not answer"));
        if (added.exitCode() != 0) {
            throw new IllegalStateException("extension-add " + name + " failed: " + added.err());
        }
    }

    private static TextRequests devices(CicServer server, ClientFactory factory, String url, int n) throws Exception {
        var client = server.auth().clients().createClient("extension-bench");
        server.auth().accounts().createAccount("ext-bench", PASSWORD.toCharArray());
        AccountOptions account = new AccountOptions();
        account.username = "ext-bench";
        account.password = PASSWORD;
        account.clientId = client.clientId();
        account.clientSecret = client.clientSecret();
        String[] tokens = DeviceTokens.issue(factory, url, account, "ext-bench-", n, Math.min(n, 8));
        TextRequests devs = new TextRequests(factory, URI.create(url), tokens);
        int open = devs.openDownchannels(factory, URI.create(url));
        if (open != n) {
            throw new IllegalStateException(open + " of " + n + " downchannels opened");
        }
        Thread.sleep(200); // the server's open listeners run after the downchannel's headers
        return devs;
    }

    private static String machine() {
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores, loadavg "
                + MachineLoad.loadAverages();
    }
}
