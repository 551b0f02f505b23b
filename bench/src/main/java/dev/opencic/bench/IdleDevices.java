package dev.opencic.bench;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.util.EventLoopGroups;
import dev.opencic.bench.cli.AccountOptions;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.bench.cli.FleetOptions;
import dev.opencic.bench.cli.ServerOptions;
import dev.opencic.bench.devices.DeviceTokens;
import dev.opencic.bench.devices.HeldDownchannel;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
 * <p>Options: {@code --help}.
 */
@Command(name = "IdleDevices", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Opens N idle devices (own h2c connection and open downchannel each) against a server and holds them.")
public final class IdleDevices implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Mixin
    FleetOptions fleet = new FleetOptions(1000);

    @Mixin
    AccountOptions account;

    @Option(names = "--go-file", paramLabel = "F",
            description = "Wait for this file to exist between issuing the tokens and opening the downchannels.")
    Path goFile;

    @Option(names = "--hold-seconds", paramLabel = "S",
            description = "Hold the devices this long at most, then exit (also the longest wait for --go-file; default: ${DEFAULT-VALUE}).")
    int holdSeconds = 900;

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new IdleDevices(), args);
    }

    @Override
    public Integer call() throws Exception {
        String url = server.url;
        int devices = fleet.devices, concurrency = fleet.concurrency;
        if (!fleet.bare()) {
            account.require();
        }
        java.net.URI uri = server.uri();
        String ip = uri.getHost();
        int port = uri.getPort();

        EventLoopGroup group = EventLoopGroups.newEventLoopGroup(fleet.threads);
        ClientFactory factory = ClientFactory.builder()
                .workerGroup(group, false)
                .idleTimeoutMillis(0)
                .maxNumEventLoopsPerEndpoint(1)
                .build();

        String[] tokens = new String[devices];
        if (!fleet.bare()) {
            long t0 = System.nanoTime();
            System.arraycopy(DeviceTokens.issue(factory, url, account, "idle-", devices, concurrency), 0, tokens, 0,
                    devices);
            System.out.printf("TOKENS_READY n=%d ms=%d%n", devices, (System.nanoTime() - t0) / 1_000_000);
        } else {
            System.out.printf("TOKENS_READY n=0 ms=0%n");
        }
        System.out.flush();
        if (goFile != null) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdSeconds);
            while (!Files.exists(goFile)) {
                if (System.nanoTime() > deadline) {
                    System.out.println("GIVING_UP waiting for " + goFile);
                    return 2;
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
        return 0;
    }
}
