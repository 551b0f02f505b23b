package dev.opencic.bench.cluster;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Events/s of {@code POST /v1/events} in the 64 x 8 shape (64 HTTP/2 connections, 8 requests in
 * flight on each), every event with a fresh {@code messageId}, unlike h2load's fixed body
 * ({@code events-throughput.sh} sends "m1" again and again, which after the first is a replay the
 * server answers from its replay window). Each event is {@code SpeechSynthesizer.SpeechStarted}
 * (answered {@code 204}): the transport, the token check, the replay window's record of the new
 * messageId (kept in memory: a {@code 204} answer is not written to the database) and the handler. Prints one line: {@code events/s=... ok=... failed=...}.
 */
@Command(name = "FreshEventsLoad", mixinStandardHelpOptions = true, sortOptions = false,
        description = "POST /v1/events with a fresh messageId per event, C connections x S streams.")
public final class FreshEventsLoad implements Callable<Integer> {

    private static final String BOUNDARY = "bench-boundary-7d1f";

    @Option(names = "--url", required = true, description = "http://127.0.0.1:PORT (h2c)")
    String url;

    @Option(names = "--token", required = true, description = "a device's access token")
    String token;

    @Option(names = "--connections", defaultValue = "64", description = "HTTP/2 connections (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--streams", defaultValue = "8", description = "requests in flight per connection (default: ${DEFAULT-VALUE})")
    int streams;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "unmeasured seconds first (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--seconds", defaultValue = "10", description = "measured seconds (default: ${DEFAULT-VALUE})")
    int seconds;

    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;

    public static void main(String[] args) {
        dev.opencic.bench.cli.BenchCommandLine.runAndExit(new FreshEventsLoad(), args);
    }

    @Override
    public Integer call() throws Exception {
        EventLoopGroup loops = new NioEventLoopGroup(2);
        List<ClientFactory> factories = new ArrayList<>();
        try {
            for (int c = 0; c < connections; c++) {
                // A factory per connection: its own pool, so each of them is one HTTP/2 connection.
                ClientFactory f = ClientFactory.builder().workerGroup(loops, false).build();
                factories.add(f);
                WebClient client = WebClient.builder(SessionProtocol.H2C, com.linecorp.armeria.client.Endpoint.of(
                        java.net.URI.create(url).getHost(), java.net.URI.create(url).getPort()))
                        .factory(f).responseTimeout(Duration.ofSeconds(30)).build();
                for (int s = 0; s < streams; s++) {
                    send(client);
                }
            }
            Thread.sleep(warmupSeconds * 1000L);
            long ok0 = ok.get();
            long failed0 = failed.get();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long ok1 = ok.get();
            long failed1 = failed.get();
            double secs = (System.nanoTime() - t0) / 1e9;
            running = false;
            System.out.printf("events/s=%.0f ok=%d failed=%d seconds=%.1f connections=%d streams=%d%n",
                    (ok1 - ok0) / secs, ok1 - ok0, failed1 - failed0, secs, connections, streams);
            return failed1 - failed0 == 0 ? 0 : 1;
        } finally {
            running = false;
            factories.forEach(ClientFactory::close);
            loops.shutdownGracefully();
        }
    }

    private void send(WebClient client) {
        if (!running) {
            return;
        }
        String metadata = "{\"context\":[],\"event\":{\"header\":{\"namespace\":\"SpeechSynthesizer\","
                          + "\"name\":\"SpeechStarted\",\"messageId\":\"" + UUID.randomUUID()
                          + "\"},\"payload\":{\"token\":\"t1\"}}}";
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                      + "Content-Type: application/json\r\n\r\n" + metadata + "\r\n--" + BOUNDARY + "--\r\n";
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/v1/events")
                .contentType(MediaType.parse("multipart/form-data; boundary=" + BOUNDARY))
                .add("authorization", "Bearer " + token).build();
        client.execute(headers, HttpData.of(StandardCharsets.UTF_8, body)).aggregate()
                .whenComplete((AggregatedHttpResponse r, Throwable e) -> {
                    if (e == null && r.status().code() == 204) {
                        ok.incrementAndGet();
                    } else if (running) {
                        failed.incrementAndGet();
                    }
                    send(client);
                });
    }
}
