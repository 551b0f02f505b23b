package dev.opencic.bench.household;

import dev.opencic.bench.cli.AccountOptions;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.bench.cli.ServerOptions;
import dev.opencic.bench.report.LatencyHistogram;
import dev.opencic.client.CicClient;
import dev.opencic.client.DirectiveListener;
import dev.opencic.client.FileTokenStore;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.payload.SpeechSynthesizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Announcement fan-out (issue 21): one device says "announce ..." and the time until the last of
 * the account's other devices has the pushed Speak is measured, over real SDK clients (CicClient) on
 * HTTP/2. The baseline, in the same run, is the same announcement to one other device; then
 * {@code --devices - 1} more devices connect and the rounds are repeated.
 */
@Command(name = "AnnouncementFanOut", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time from \"announce ...\" until every other device of the account has the Speak: 1 device, then N.")
public final class AnnouncementFanOut implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Mixin
    AccountOptions account;

    @Option(names = "--devices", defaultValue = "10", description = "Devices announced to in the second phase (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rounds", defaultValue = "30", description = "Announcements per phase (default: ${DEFAULT-VALUE}).")
    int rounds;

    /** Arrival time (System.nanoTime) of each round's Speak, by round marker, per device. */
    private final Map<String, Map<Integer, Long>> arrivals = new ConcurrentHashMap<>();

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new AnnouncementFanOut(), args);
    }

    @Override
    public Integer call() throws Exception {
        account.require();
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<CicClient> clients = new ArrayList<>();
        try {
            CicClient asker = connect(clients, "fanout-asker-" + run);
            connect(clients, "fanout-" + run + "-0");
            System.out.println(machine());
            LatencyHistogram one = phase(asker, 1, 0);
            for (int i = 1; i < devices; i++) {
                connect(clients, "fanout-" + run + "-" + i);
            }
            LatencyHistogram many = phase(asker, devices, rounds);
            System.out.println(one.summary("fan-out to 1 device (baseline): "));
            System.out.println(many.summary("fan-out to " + devices + " devices:        "));
            System.out.println(machine());
        } finally {
            clients.forEach(CicClient::close);
        }
        return 0;
    }

    /** {@code rounds} announcements; each recorded as the time until the last of {@code expected} devices had it. */
    private LatencyHistogram phase(CicClient asker, int expected, int roundBase) throws Exception {
        LatencyHistogram h = new LatencyHistogram();
        for (int r = roundBase; r < roundBase + rounds; r++) {
            String marker = "round " + r;
            long start = System.nanoTime();
            asker.recognizeText("announce " + marker).get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (count(marker) < expected && System.nanoTime() < deadline) {
                Thread.sleep(1); // polling the listeners' arrivals; not part of the measured path
            }
            if (count(marker) < expected) {
                System.out.println("round " + r + ": only " + count(marker) + " of " + expected + " devices had it");
                continue;
            }
            long last = arrivals.get(marker).values().stream().mapToLong(Long::longValue).max().orElseThrow();
            h.recordNanos(last - start);
        }
        return h;
    }

    private static String machine() throws java.io.IOException {
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores, loadavg "
                + Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private int count(String marker) {
        Map<Integer, Long> m = arrivals.get(marker);
        return m == null ? 0 : m.size();
    }

    private CicClient connect(List<CicClient> clients, String deviceId) throws Exception {
        Path dir = Files.createTempDirectory("cic-fanout");
        int index = clients.size();
        CicClient c = CicClient.builder()
                .serverUrl(server.url)
                .clientCredentials(account.clientId, account.clientSecret)
                .deviceId(deviceId).modelId("bench")
                .tokenStore(new FileTokenStore(dir.resolve("tokens.json")))
                .connectTimeout(Duration.ofSeconds(30))
                .directiveListener(new DirectiveListener() {
                    @Override
                    public void onDirective(ReceivedDirective d) {
                        arrived(index, d);
                    }

                    @Override
                    public void onUnhandledDirective(ReceivedDirective d) {
                        arrived(index, d);
                    }
                })
                .build();
        clients.add(c);
        c.login(account.username, account.password);
        c.start();
        c.whenConnected().get(60, TimeUnit.SECONDS);
        return c;
    }

    private void arrived(int device, ReceivedDirective d) {
        if (device == 0 || !d.header().qualifiedName().equals("SpeechSynthesizer.Speak")) {
            return;
        }
        long now = System.nanoTime();
        String text = d.payload(SpeechSynthesizer.Speak.class).ttsText();
        if (text != null && text.startsWith("Announcement: round ")) {
            String marker = text.substring("Announcement: ".length()).replace(".", "").strip();
            arrivals.computeIfAbsent(marker, k -> new ConcurrentHashMap<>()).putIfAbsent(device, now);
        }
    }
}
