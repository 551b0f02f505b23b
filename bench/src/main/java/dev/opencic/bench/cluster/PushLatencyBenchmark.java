package dev.opencic.bench.cluster;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.protocol.Directive;
import dev.opencic.server.CicServer;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.api.Reply;
import dev.opencic.server.auth.ClientCredentials;
import dev.opencic.server.auth.IssuedTokens;
import dev.opencic.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Push latency in cluster mode, routed locally vs across nodes, in the same run: two nodes in this
 * process on one PostgreSQL and one Redis; every device holds its downchannel on node A. Each push
 * is made alternately through node A (local: straight into the downchannel) and node B (across:
 * presence lookup in Redis, pub/sub to node A, its downchannel), one at a time, and timed from the
 * {@code push} call to the directive's bytes arriving at the device (HdrHistogram, microseconds).
 * Confirmed pushes ({@code pushConfirmed}, reminders) are timed to their outcome, which across
 * nodes includes the holding node's PING ACK and the answer coming back.
 *
 * <p>The database password comes from {@code CIC_DB_PASSWORD}. {@code bench/scripts/push-latency.sh}
 * starts a throw-away PostgreSQL and Redis and runs this.
 */
@Command(name = "PushLatencyBenchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Push latency on a two-node cluster: local route vs across nodes, interleaved.")
public final class PushLatencyBenchmark implements Callable<Integer> {

    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"");

    @Option(names = "--db-url", required = true, description = "jdbc:postgresql://HOST:PORT/DB")
    String dbUrl;

    @Option(names = "--db-user", required = true, description = "The PostgreSQL user (its password from CIC_DB_PASSWORD).")
    String dbUser;

    @Option(names = "--redis-url", required = true, description = "redis://HOST:PORT")
    String redisUrl;

    @Option(names = "--devices", defaultValue = "8", description = "devices holding a downchannel on node A (default: ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--pushes", defaultValue = "2000", description = "measured pushes per route and kind (default: ${DEFAULT-VALUE})")
    int pushes;

    @Option(names = "--warmup", defaultValue = "500", description = "unmeasured pushes per route and kind first (default: ${DEFAULT-VALUE})")
    int warmup;

    private final Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new PushLatencyBenchmark(), args);
    }

    @Override
    public Integer call() throws Exception {
        String password = System.getenv("CIC_DB_PASSWORD");
        try (CicServer a = node("bench-a", password); CicServer b = node("bench-b", password);
             ClientFactory factory = ClientFactory.builder().build()) {
            ClientCredentials client = a.auth().clients().createClient("push-latency");
            String accountId = a.auth().accounts().createAccount("bench-" + UUID.randomUUID(),
                    "bench password long enough".toCharArray()).accountId();
            // Downchannels stay open for the whole run: no response timeout, no length limit.
            WebClient http = WebClient.builder("h2c://127.0.0.1:" + a.httpPort()).factory(factory)
                    .responseTimeoutMillis(0).maxResponseLength(0).build();
            List<DeviceIdentity> held = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                String deviceId = "push-bench-" + i;
                String code = a.auth().tokens().createAuthorizationCode(accountId, client.clientId(), deviceId, "bench");
                IssuedTokens t = a.auth().tokens().exchangeCode(client.clientId(), client.clientSecret(), code,
                        deviceId, "bench");
                listen(http, t.accessToken());
                held.add(t.identity());
            }
            for (DeviceIdentity d : held) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!b.pusher().isOpen(d)) { // presence published in Redis: seen from node B
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("node B never saw " + d.deviceId());
                    }
                    Thread.sleep(10);
                }
            }
            Histogram local = new Histogram(3);
            Histogram across = new Histogram(3);
            Histogram localConfirmed = new Histogram(3);
            Histogram acrossConfirmed = new Histogram(3);
            for (int i = 0; i < warmup + pushes; i++) {
                boolean measured = i >= warmup;
                DeviceIdentity d = held.get(i % held.size());
                record(measured ? local : null, arrival(a.pusher(), d));
                record(measured ? across : null, arrival(b.pusher(), d));
                record(measured ? localConfirmed : null, confirmed(a.pusher(), d));
                record(measured ? acrossConfirmed : null, confirmed(b.pusher(), d));
            }
            System.out.printf("devices %d on node A, %d pushes per row after %d warm-up, one at a time, interleaved%n",
                    devices, pushes, warmup);
            System.out.println("route                          p50 us    p90 us    p99 us    max us");
            print("push, local (node A)", local);
            print("push, across (node B -> A)", across);
            print("confirmed, local", localConfirmed);
            print("confirmed, across", acrossConfirmed);
            System.out.printf("across/local p50 %.2fx, p99 %.2fx%n",
                    (double) across.getValueAtPercentile(50) / local.getValueAtPercentile(50),
                    (double) across.getValueAtPercentile(99) / local.getValueAtPercentile(99));
        }
        return 0;
    }

    private CicServer node(String nodeId, String password) throws Exception {
        Path dir = Files.createTempDirectory("cic-push-bench-");
        ServerConfig config = ServerConfig.builder().dataDir(dir).bindAddress("127.0.0.1").port(0).tlsPort(-1)
                .asrPoolSize(0).http2MaxStreams(Math.max(16, devices + 4))
                .dbUrl(dbUrl).dbUser(dbUser).dbPassword(password).redisUrl(redisUrl).nodeId(nodeId).build();
        return CicServer.builder().config(config).build().start();
    }

    /** Opens the device's downchannel and notes when each directive's messageId arrives. */
    private void listen(WebClient http, String token) {
        http.execute(RequestHeaders.of(HttpMethod.GET, "/v1/directives", "authorization", "Bearer " + token))
            .subscribe(new Subscriber<HttpObject>() {
                private String carry = "";

                @Override
                public void onSubscribe(Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(HttpObject o) {
                    if (!(o instanceof HttpData data)) {
                        return;
                    }
                    long now = System.nanoTime();
                    String text = carry + data.toString(StandardCharsets.UTF_8);
                    Matcher m = MESSAGE_ID.matcher(text);
                    int end = 0;
                    while (m.find()) {
                        CompletableFuture<Long> f = arrivals.remove(m.group(1));
                        if (f != null) {
                            f.complete(now);
                        }
                        end = m.end();
                    }
                    // A messageId split across two chunks is found with the next one.
                    String rest = text.substring(end);
                    carry = rest.length() > 200 ? rest.substring(rest.length() - 200) : rest;
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onComplete() {}
            });
    }

    private long arrival(DirectivePusher pusher, DeviceIdentity d) throws Exception {
        Directive ping = Directive.of("Bench", "Ping", null);
        CompletableFuture<Long> arrived = new CompletableFuture<>();
        arrivals.put(ping.header().messageId(), arrived);
        long start = System.nanoTime();
        if (!pusher.push(d, Reply.of(ping)).get(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("push not delivered to " + d.deviceId());
        }
        return arrived.get(10, TimeUnit.SECONDS) - start;
    }

    private long confirmed(DirectivePusher pusher, DeviceIdentity d) throws Exception {
        Directive ping = Directive.of("Bench", "Confirmed", null);
        long start = System.nanoTime();
        if (!pusher.pushConfirmed(d, Reply.of(ping)).get(40, TimeUnit.SECONDS)) {
            throw new IllegalStateException("confirmed push not confirmed for " + d.deviceId());
        }
        return System.nanoTime() - start;
    }

    private static void record(Histogram h, long nanos) {
        if (h != null) {
            h.recordValue(Math.max(1, nanos / 1000));
        }
    }

    private static void print(String route, Histogram h) {
        System.out.printf("%-28s %9d %9d %9d %9d%n", route, h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getMaxValue());
    }
}
