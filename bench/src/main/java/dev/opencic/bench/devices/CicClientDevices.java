package dev.opencic.bench.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.ClientFactory;
import dev.opencic.bench.cli.AccountOptions;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.bench.cli.EventLoadOptions;
import dev.opencic.bench.cli.FleetOptions;
import dev.opencic.bench.cli.ServerOptions;
import dev.opencic.client.CicClient;
import dev.opencic.client.CicException;
import dev.opencic.client.ConnectionListener;
import dev.opencic.client.ConnectionState;
import dev.opencic.client.EventResponse;
import dev.opencic.client.TokenStore;
import dev.opencic.client.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The same simulated devices as {@link SimulatedDevices}, but each one a real {@link CicClient}
 * (the SDK a device embeds: its own OkHttpClient and HTTP/2 connection, a downchannel reader
 * thread, PING every 60 s, token refresher, sequencer and callback threads), all in this one JVM.
 * Shows how many SDK clients one process can hold, against the lean simulator.
 *
 * <p>Tokens are issued over HTTP like {@link SimulatedDevices} does (one login, then /authorize +
 * /token per device) and handed to each client in an in-memory {@link TokenStore}: a
 * {@code CicClient.login} per device would also pay the server's password hash per device. Each
 * device sends {@code recognizeText(--text)} every {@code --event-interval-seconds}, spread
 * evenly; an event counts as ok when its response (read completely) holds a Speak and a
 * RenderText. The report lines are those of {@link LoadReport}.
 *
 * <p>Options: {@code --help}. {@code --mode} (always cic) and {@code --threads} (every client has its
 * own threads) are accepted so that the script passes the same options to both drivers.
 */
@Command(name = "CicClientDevices", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drives N simulated devices, each a real CicClient, against a CIC server from one JVM.")
public final class CicClientDevices implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Mixin
    FleetOptions fleet = new FleetOptions(500);

    @Mixin
    AccountOptions account;

    @Mixin
    EventLoadOptions load = new EventLoadOptions(60);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new CicClientDevices(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (fleet.bare()) {
            throw new ParameterException(spec.commandLine(), "CicClientDevices drives a CIC server: --mode cic only");
        }
        account.require();
        String url = server.url;
        int devices = fleet.devices, concurrency = fleet.concurrency;
        int eventInterval = load.eventIntervalSeconds, pingInterval = load.pingIntervalSeconds;
        String clientId = account.clientId, clientSecret = account.clientSecret;

        long t0 = System.nanoTime();
        JsonNode[] issued;
        try (ClientFactory factory = ClientFactory.builder().build()) {
            issued = DeviceTokens.issueResponses(factory, url, account, "sim-", devices, concurrency);
        }
        System.out.printf("TOKENS_READY n=%d ms=%d%n", devices, (System.nanoTime() - t0) / 1_000_000);
        System.out.flush();

        LoadReport.Stats stats = new LoadReport.Stats();
        CicClient[] clients = new CicClient[devices];
        Semaphore inFlight = new Semaphore(concurrency);
        CompletableFuture<?>[] connected = new CompletableFuture<?>[devices];
        t0 = System.nanoTime();
        for (int i = 0; i < devices; i++) {
            inFlight.acquire();
            JsonNode t = issued[i];
            Tokens tokens = new Tokens(t.get("access_token").asText(), t.get("refresh_token").asText(),
                    t.path("token_type").asText("Bearer"), Duration.ofSeconds(t.get("expires_in").asLong()),
                    Instant.now());
            clients[i] = CicClient.builder()
                    .serverUrl(url)
                    .clientCredentials(clientId, clientSecret)
                    .deviceId("sim-" + i).modelId("sim")
                    .tokenStore(new MemoryTokenStore(tokens))
                    .pingInterval(Duration.ofSeconds(pingInterval))
                    .connectionListener(new Listener(stats))
                    .build();
            clients[i].start();
            connected[i] = clients[i].whenConnected().orTimeout(60, TimeUnit.SECONDS)
                    .whenComplete((v, e) -> {
                        inFlight.release();
                        if (e != null) {
                            stats.connectFailed.incrementAndGet();
                            System.out.println("CONNECT_FAILED " + e);
                        } else {
                            stats.open.incrementAndGet();
                        }
                    });
        }
        try {
            CompletableFuture.allOf(connected).join();
        } catch (RuntimeException e) {
            // counted per device above
        }
        System.out.printf("OPEN n=%d ok=%d failed=%d ms=%d%n", devices, stats.open.get(), stats.connectFailed.get(),
                (System.nanoTime() - t0) / 1_000_000);
        System.out.flush();

        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "event-scheduler");
            th.setDaemon(true);
            return th;
        });
        long intervalNanos = TimeUnit.SECONDS.toNanos(eventInterval);
        long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        String words = load.everydayRequests ? null : load.text; // null: one of EverydayRequests per event
        for (int i = 0; i < devices; i++) {
            schedule(scheduler, clients[i], words, stats, start + intervalNanos * i / devices, intervalNanos);
        }
        System.out.printf("EVENTS_START devices=%d interval_s=%d rate_per_s=%.1f ping_interval_s=%d%n", devices,
                eventInterval, devices / (double) eventInterval, pingInterval);
        System.out.flush();
        LoadReport.run(stats, start, load);
        scheduler.shutdownNow();
        for (CicClient c : clients) {
            c.close();
        }
        return 0;
    }

    private static void schedule(ScheduledExecutorService scheduler, CicClient client, String text,
                                 LoadReport.Stats stats, long planned, long intervalNanos) {
        scheduler.schedule(() -> {
            schedule(scheduler, client, text, stats, planned + intervalNanos, intervalNanos);
            long sent = System.nanoTime();
            stats.inFlight.incrementAndGet();
            CompletableFuture<EventResponse> f;
            try {
                f = client.recognizeText(text != null ? text : EverydayRequests.any());
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((r, e) -> {
                long now = System.nanoTime();
                stats.inFlight.decrementAndGet();
                boolean ok = e == null && r.directives().stream().anyMatch(d -> "Speak".equals(d.name()))
                        && r.directives().stream().anyMatch(d -> "RenderText".equals(d.name()));
                if (!ok) {
                    System.out.println("EVENT_ERROR " + (e != null ? e.toString() : "directives: "
                            + r.directives().stream().map(d -> d.name()).toList()));
                }
                stats.record(ok, now - planned, now - sent, sent - planned);
            });
        }, planned - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /** Counts downchannel losses after the first connect. */
    private static final class Listener extends ConnectionListener {
        private final LoadReport.Stats stats;
        private boolean wasConnected;

        Listener(LoadReport.Stats stats) {
            this.stats = stats;
        }

        @Override
        public void onStateChanged(ConnectionState previous, ConnectionState current) {
            if (current == ConnectionState.CONNECTED) {
                wasConnected = true;
            } else if (wasConnected && previous == ConnectionState.CONNECTED && current != ConnectionState.SHUTDOWN) {
                stats.closed.incrementAndGet();
                System.out.println("DOWNCHANNEL_CLOSED " + current);
            }
        }

        @Override
        public void onAuthenticationFailed(CicException cause) {
            System.out.println("AUTH_FAILED " + cause);
        }
    }

    /** Tokens in memory, preloaded. */
    private static final class MemoryTokenStore implements TokenStore {
        private volatile Tokens tokens;

        MemoryTokenStore(Tokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public Optional<Tokens> load() {
            return Optional.ofNullable(tokens);
        }

        @Override
        public void save(Tokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public void clear() {
            tokens = null;
        }
    }
}
