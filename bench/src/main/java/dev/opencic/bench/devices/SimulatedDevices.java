package dev.opencic.bench.devices;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.util.EventLoopGroups;
import dev.opencic.bench.cli.AccountOptions;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.bench.cli.EventLoadOptions;
import dev.opencic.bench.cli.FleetOptions;
import dev.opencic.bench.cli.ServerOptions;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Drives N simulated devices against a CIC server from one JVM, the lean way (Armeria/Netty, no
 * thread per device): each device is its own HTTP/2 (h2c) connection to the server, holding an open
 * {@code GET /v1/directives} (downchannel) with its own access token, sending one
 * {@code TextRecognizer.Recognize} event ({@code --text}, default "what time is it") every
 * {@code --event-interval-seconds} (60) on that same connection, the N devices' events spread
 * evenly over the interval, and HTTP/2 PINGs from Armeria's keep-alive ({@code --ping-interval-seconds},
 * default 30: Armeria sends a PING when a connection has seen no read or write for that long, so with
 * an event a minute a device sends about one PING a minute in the gap between two events, like a
 * CicClient with OkHttp's 60 s ping interval).
 *
 * <p>Each device's own connection: one {@link ClientFactory} on a small shared event-loop group,
 * an endpoint {@code d<i>.sim} per device pinned to the server's IP address (Armeria pools
 * connections per endpoint), as {@code IdleDevices} does.
 *
 * <p>An event counts as ok when its response is 200 and carries a {@code Speak} and a
 * {@code RenderText} directive; a {@code 503} with {@code Retry-After} counts as shed (the server
 * refusing under load, issue 16), neither ok nor an error, and the device simply sends its next
 * event at its next planned time. Latency is measured from the event's planned time (so lag in this
 * process's scheduling counts against it) to the complete response (all of the Speak MP3), and
 * separately from the moment it was sent. "late" = more than 5 s from the planned time.
 *
 * <p>{@code --mode bare} (no tokens, no auth header; an event counts as ok on any 2xx) drives
 * {@code BareEventServer}, which answers an event with an empty 204 at almost no cost: it shows
 * how many devices this process itself can drive when the server is not what limits.
 *
 * <p>Output lines (the script greps them): {@code TOKENS_READY}, {@code OPEN}, {@code EVENTS_START},
 * one {@code WINDOW} per {@code --report-seconds}, {@code MEASURE_START} after
 * {@code --warmup-seconds}, {@code SUMMARY} after {@code --measure-seconds} more; then it keeps the
 * devices running for {@code --tail-seconds} (so the server can be measured under the same load)
 * and exits.
 *
 * <p>Options: {@code --help}.
 */
@Command(name = "SimulatedDevices", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drives N simulated devices (own h2c connection, downchannel, a text event per interval) against a CIC server.")
public final class SimulatedDevices implements Callable<Integer> {

    private static final String BOUNDARY = "sim-device-boundary-5c2e";

    @Mixin
    ServerOptions server;

    @Mixin
    FleetOptions fleet = new FleetOptions(1000);

    @Mixin
    AccountOptions account;

    @Mixin
    EventLoadOptions load = new EventLoadOptions(30);

    // Several load processes on one cluster (cluster-cost.sh): distinct device ids, else one
    // downchannel per device across the cluster makes them take each other's over.
    @picocli.CommandLine.Option(names = "--device-prefix", defaultValue = "sim-",
            description = "device ids are PREFIX0, PREFIX1, ... (default: ${DEFAULT-VALUE})")
    String devicePrefix;

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new SimulatedDevices(), args);
    }

    @Override
    public Integer call() throws Exception {
        String url = server.url;
        String text = load.text;
        int devices = fleet.devices, concurrency = fleet.concurrency, threads = fleet.threads;
        int eventInterval = load.eventIntervalSeconds, pingInterval = load.pingIntervalSeconds;
        boolean bare = fleet.bare();
        if (!bare) {
            account.require();
        }
        URI uri = URI.create(url);
        String ip = uri.getHost();
        int port = uri.getPort();

        EventLoopGroup group = EventLoopGroups.newEventLoopGroup(threads);
        ClientFactory factory = ClientFactory.builder()
                .workerGroup(group, false)
                .idleTimeoutMillis(0)
                .pingIntervalMillis(TimeUnit.SECONDS.toMillis(pingInterval))
                .maxNumEventLoopsPerEndpoint(1)
                .build();

        long t0 = System.nanoTime();
        String[] tokens = bare ? new String[devices]
                : DeviceTokens.issue(factory, url, account, devicePrefix, devices, concurrency);
        System.out.printf("TOKENS_READY n=%d ms=%d%n", devices, ms(System.nanoTime() - t0));
        System.out.flush();

        // --- downchannels, each device on its own connection ---
        LoadReport.Stats stats = new LoadReport.Stats();
        WebClient[] clients = new WebClient[devices];
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<Boolean>> opened = new ArrayList<>(devices);
        t0 = System.nanoTime();
        for (int i = 0; i < devices; i++) {
            inFlight.acquire();
            Endpoint endpoint = Endpoint.of("d" + i + ".sim", port).withIpAddr(ip);
            clients[i] = WebClient.builder(SessionProtocol.H2C, endpoint).factory(factory)
                    .responseTimeoutMillis(30_000).build();
            WebClient downchannel = WebClient.builder(SessionProtocol.H2C, endpoint).factory(factory)
                    .responseTimeoutMillis(0).maxResponseLength(0).build();
            CompletableFuture<Boolean> ok = new CompletableFuture<>();
            ok.whenComplete((v, e) -> inFlight.release());
            opened.add(ok);
            com.linecorp.armeria.common.RequestHeadersBuilder get = RequestHeaders.builder(HttpMethod.GET, "/v1/directives");
            if (tokens[i] != null) {
                get.add(HttpHeaderNames.AUTHORIZATION, "Bearer " + tokens[i]);
            }
            downchannel.execute(get.build())
                    .subscribe(new HeldDownchannel(ok, stats.open, stats.connectFailed, stats.closed));
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).join();
        System.out.printf("OPEN n=%d ok=%d failed=%d ms=%d%n", devices, stats.open.get(), stats.connectFailed.get(),
                ms(System.nanoTime() - t0));
        System.out.flush();

        // --- events: device i's k-th event is planned at start + i * interval / N + k * interval ---
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "event-scheduler");
            t.setDaemon(true);
            return t;
        });
        long intervalNanos = TimeUnit.SECONDS.toNanos(eventInterval);
        long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        EventSender sender = new EventSender(clients, tokens, load.everydayRequests ? null : text, stats, scheduler,
                intervalNanos, bare);
        for (int i = 0; i < devices; i++) {
            sender.schedule(i, start + intervalNanos * i / devices);
        }
        System.out.printf("EVENTS_START devices=%d interval_s=%d rate_per_s=%.1f ping_interval_s=%d requests=%s%n", devices,
                eventInterval, devices / (double) eventInterval, pingInterval,
                load.everydayRequests ? "everyday(" + EverydayRequests.ALL.size() + ")" : "\"" + text + "\"");
        System.out.flush();

        LoadReport.run(stats, start, load);
        scheduler.shutdownNow();
        factory.close();
        group.shutdownGracefully();
        return 0;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** Sends each device's events at their planned times and records the outcomes. */
    private static final class EventSender {
        private final WebClient[] clients;
        private final String[] tokens;
        private final String text;
        private final LoadReport.Stats stats;
        private final ScheduledExecutorService scheduler;
        private final long intervalNanos;
        private final boolean bare;
        private final AtomicLong seq = new AtomicLong();
        /** Unique per run: the server answers a messageId it saw within its replay window from storage. */
        private final String run = Long.toHexString(new java.util.Random().nextLong());

        EventSender(WebClient[] clients, String[] tokens, String text, LoadReport.Stats stats, ScheduledExecutorService scheduler,
                    long intervalNanos, boolean bare) {
            this.bare = bare;
            this.clients = clients;
            this.tokens = tokens;
            this.text = text;
            this.stats = stats;
            this.scheduler = scheduler;
            this.intervalNanos = intervalNanos;
        }

        void schedule(int device, long planned) {
            scheduler.schedule(() -> send(device, planned), planned - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        private void send(int device, long planned) {
            schedule(device, planned + intervalNanos);
            long id = seq.incrementAndGet();
            String said = text != null ? text : EverydayRequests.any();
            String metadata = "{\"context\":[],\"event\":{\"header\":{\"namespace\":\"TextRecognizer\","
                    + "\"name\":\"Recognize\",\"messageId\":\"m-" + run + '-' + id + "\",\"dialogRequestId\":\"d-" + id + "\"},"
                    + "\"payload\":{\"text\":\"" + said + "\"}}}";
            String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                    + "Content-Type: application/json; charset=UTF-8\r\n\r\n" + metadata + "\r\n--" + BOUNDARY + "--\r\n";
            com.linecorp.armeria.common.RequestHeadersBuilder post = RequestHeaders.builder(HttpMethod.POST, "/v1/events")
                    .contentType(MediaType.parse("multipart/form-data; boundary=" + BOUNDARY));
            if (tokens[device] != null) {
                post.add(HttpHeaderNames.AUTHORIZATION, "Bearer " + tokens[device]);
            }
            RequestHeaders headers = post.build();
            long sent = System.nanoTime();
            stats.inFlight.incrementAndGet();
            clients[device].execute(HttpRequest.of(headers, HttpData.of(StandardCharsets.UTF_8, body))).aggregate()
                    .whenComplete((r, e) -> {
                        long now = System.nanoTime();
                        stats.inFlight.decrementAndGet();
                        if (e == null && r.status().code() == 503 && r.headers().contains("retry-after")) {
                            // Shed under load: not an error; the device asks again at its next interval.
                            stats.recordShed(now - sent);
                            return;
                        }
                        boolean ok = e == null && (bare ? r.status().isSuccess() : valid(r));
                        if (!ok) {
                            System.out.println("EVENT_ERROR device=" + device + " text=\"" + said + "\" "
                                    + (e != null ? e.toString() : r.status() + " " + abbreviate(r.contentUtf8())));
                        }
                        stats.record(ok, now - planned, now - sent, sent - planned);
                    });
        }

        private static boolean valid(AggregatedHttpResponse r) {
            if (r.status().code() != 200) {
                return false;
            }
            String s = r.content().toString(StandardCharsets.ISO_8859_1);
            return s.contains("\"Speak\"") && s.contains("\"RenderText\"");
        }

        private static String abbreviate(String s) {
            return s.length() > 200 ? s.substring(0, 200) + "..." : s;
        }
    }
}
