package dev.opencic.bench;

import dev.opencic.bench.devices.DeviceTokens;
import dev.opencic.bench.devices.HeldDownchannel;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.util.EventLoopGroups;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens N idle devices against a server and holds them: each device is its own TCP connection
 * (HTTP/2 with prior knowledge) carrying one open {@code GET /v1/directives} with that device's own
 * access token (mode {@code cic}) or no token (mode {@code bare}, against {@link BareEventServer}).
 *
 * <p>Light on the client side: one {@link ClientFactory} on one small event-loop group for all
 * devices. Armeria pools HTTP/2 connections per endpoint (host name, IP address, port), so each
 * device gets its own endpoint {@code d<i>.idle} pinned to the server's IP address, hence its own
 * connection, without a ClientFactory per device. The server only sees a distinct
 * {@code :authority}.
 *
 * <p>Tokens (mode {@code cic}): one account login, then {@code /authorize} + {@code /token} per
 * device, at most {@code --concurrency} in flight, over a separate shared connection.
 *
 * <p>Prints progress lines the scripts wait for: {@code TOKENS_READY}, {@code OPEN}, {@code HOLD}.
 * With {@code --go-file F} it waits for F to exist between issuing tokens and opening downchannels
 * (so the server's heap can be measured with the tokens issued but no device connected). Holds for
 * {@code --hold-seconds} at most, then exits.
 *
 * <pre>
 * IdleDevices --url http://127.0.0.1:8080 --devices 1000 --mode cic|bare
 *             [--username U --password P --client-id C --client-secret S]
 *             [--concurrency 32] [--go-file F] [--hold-seconds 900] [--threads 2]
 * </pre>
 */
public final class IdleDevices {


    private IdleDevices() {}

    public static void main(String[] args) throws Exception {
        String url = null, mode = "cic", username = null, password = null, clientId = null, clientSecret = null;
        String goFile = null;
        int devices = 1000, concurrency = 32, holdSeconds = 900, threads = 2;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--url" -> { url = v; i++; }
                case "--devices" -> { devices = Integer.parseInt(v); i++; }
                case "--mode" -> { mode = v; i++; }
                case "--username" -> { username = v; i++; }
                case "--password" -> { password = v; i++; }
                case "--client-id" -> { clientId = v; i++; }
                case "--client-secret" -> { clientSecret = v; i++; }
                case "--concurrency" -> { concurrency = Integer.parseInt(v); i++; }
                case "--go-file" -> { goFile = v; i++; }
                case "--hold-seconds" -> { holdSeconds = Integer.parseInt(v); i++; }
                case "--threads" -> { threads = Integer.parseInt(v); i++; }
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        java.net.URI uri = java.net.URI.create(url);
        String ip = uri.getHost();
        int port = uri.getPort();

        EventLoopGroup group = EventLoopGroups.newEventLoopGroup(threads);
        ClientFactory factory = ClientFactory.builder()
                .workerGroup(group, false)
                .idleTimeoutMillis(0)
                .maxNumEventLoopsPerEndpoint(1)
                .build();

        String[] tokens = new String[devices];
        if ("cic".equals(mode)) {
            long t0 = System.nanoTime();
            System.arraycopy(DeviceTokens.issue(factory, url, username, password, clientId, clientSecret, "idle-",
                    devices, concurrency), 0, tokens, 0, devices);
            System.out.printf("TOKENS_READY n=%d ms=%d%n", devices, (System.nanoTime() - t0) / 1_000_000);
        } else {
            System.out.printf("TOKENS_READY n=0 ms=0%n");
        }
        System.out.flush();
        if (goFile != null) {
            Path go = Path.of(goFile);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdSeconds);
            while (!Files.exists(go)) {
                if (System.nanoTime() > deadline) {
                    System.out.println("GIVING_UP waiting for " + goFile);
                    System.exit(2);
                }
                Thread.sleep(100);
            }
        }

        AtomicInteger open = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<Boolean>> opened = new ArrayList<>(devices);
        long t0 = System.nanoTime();
        for (int i = 0; i < devices; i++) {
            inFlight.acquire();
            Endpoint endpoint = Endpoint.of("d" + i + ".idle", port).withIpAddr(ip);
            WebClient client = WebClient.builder(SessionProtocol.H2C, endpoint)
                    .factory(factory)
                    .responseTimeoutMillis(0)
                    .maxResponseLength(0)
                    .build();
            com.linecorp.armeria.common.RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.GET, "/v1/directives");
            if (tokens[i] != null) {
                headers.add(HttpHeaderNames.AUTHORIZATION, "Bearer " + tokens[i]);
            }
            CompletableFuture<Boolean> ok = new CompletableFuture<>();
            ok.whenComplete((v, e) -> inFlight.release());
            opened.add(ok);
            HttpResponse res = client.execute(headers.build());
            res.subscribe(new HeldDownchannel(ok, open, failed, closed));
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).join();
        System.out.printf("OPEN n=%d ok=%d failed=%d ms=%d%n", devices, open.get(), failed.get(),
                (System.nanoTime() - t0) / 1_000_000);
        System.out.flush();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdSeconds);
        while (System.nanoTime() < deadline) {
            Thread.sleep(10_000);
            System.out.printf("HOLD open=%d closed=%d%n", open.get() - closed.get(), closed.get());
            System.out.flush();
        }
        factory.close();
        group.shutdownGracefully();
        System.exit(0);
    }
}
