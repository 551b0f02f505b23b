package dev.opencic.bench;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.metric.MeterIdPrefixFunction;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerPort;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.metric.MetricCollectingService;
import dev.opencic.bench.cli.BenchCommandLine;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The baseline for the transport benchmarks: a bare Armeria server on 127.0.0.1 (HTTP/1.1 and h2c
 * with prior knowledge on one cleartext port) with the two CIC transport endpoints and nothing else
 * (no auth, no multipart parsing, no metrics, no access log).
 *
 * <ul>
 *   <li>{@code POST /v1/events}: subscribes to the request body and discards every chunk as it
 *       arrives (streamed, one chunk requested at a time, as CIC's EventService does; nothing is
 *       aggregated), then answers {@code 204} once the body has ended.</li>
 *   <li>{@code GET /v1/directives}: an open streaming response: headers and one small part, request
 *       timeout cleared, never closed.</li>
 * </ul>
 *
 * <p>Usage: {@code BareEventServer PORT [--with-metrics]} ({@code 0} picks a free port; the port is
 * printed as {@code BareEventServer ready port=N}). {@code --with-metrics} is a diagnostic variant,
 * not the baseline: it adds exactly the request metrics CIC's server adds (a Prometheus registry as
 * the server's meter registry and {@code MetricCollectingService} with the {@code cic.http} prefix),
 * to show what that layer costs. The server runs until the process is stopped.
 */
@Command(name = "BareEventServer", mixinStandardHelpOptions = true,
        description = "A bare Armeria server with the two CIC transport endpoints: the transport benchmarks' baseline.")
public final class BareEventServer implements Callable<Integer> {

    private static final byte[] HELLO = ("--bare\r\nContent-Type: application/json\r\n\r\n"
            + "{\"directive\":{\"header\":{\"namespace\":\"Clova\",\"name\":\"Hello\"},\"payload\":{}}}\r\n")
            .getBytes(StandardCharsets.UTF_8);

    @Parameters(index = "0", arity = "0..1", paramLabel = "PORT", defaultValue = "0",
            description = "Port on 127.0.0.1 (h2c with prior knowledge and HTTP/1.1); 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--with-metrics", description = "Add exactly the request metrics CIC's server adds (a diagnostic variant, not the baseline).")
    boolean withMetrics;

    public static void main(String[] args) {
        int exitCode = BenchCommandLine.of(new BareEventServer()).execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
        // 0: the server is running on its own (non-daemon) threads until the process is stopped.
    }

    @Override
    public Integer call() {
        ServerBuilder sb = Server.builder()
                .port(new ServerPort(new InetSocketAddress("127.0.0.1", port), SessionProtocol.HTTP))
                .maxRequestLength(10 * 1024 * 1024) // CIC's default max-event-bytes
                .route().post("/v1/events").build(BareEventServer::event)
                .route().get("/v1/directives").build(BareEventServer::directives);
        if (withMetrics) {
            sb.meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            sb.decorator(MetricCollectingService.newDecorator(MeterIdPrefixFunction.ofDefault("cic.http")));
        }
        Server server = sb.build();
        server.start().join();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop().join()));
        System.out.println("BareEventServer ready port=" + server.activeLocalPort(SessionProtocol.HTTP)
                + (withMetrics ? " (with CIC's request metrics)" : ""));
        return 0;
    }

    private static HttpResponse event(ServiceRequestContext ctx, HttpRequest req) {
        CompletableFuture<HttpResponse> done = new CompletableFuture<>();
        req.subscribe(new Subscriber<HttpObject>() {
            private Subscription subscription;

            @Override
            public void onSubscribe(Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(HttpObject obj) {
                if (obj instanceof HttpData data) {
                    data.close(); // discard
                }
                subscription.request(1);
            }

            @Override
            public void onError(Throwable t) {
                done.complete(HttpResponse.ofFailure(t));
            }

            @Override
            public void onComplete() {
                done.complete(HttpResponse.of(HttpStatus.NO_CONTENT));
            }
        }, ctx.eventLoop());
        return HttpResponse.of(done);
    }

    private static HttpResponse directives(ServiceRequestContext ctx, HttpRequest req) {
        ctx.clearRequestTimeout();
        HttpResponseWriter res = HttpResponse.streaming();
        res.write(ResponseHeaders.of(HttpStatus.OK, "content-type", "multipart/related; boundary=bare"));
        res.write(HttpData.wrap(HELLO));
        req.abort(); // a GET has no body to wait for (as CIC's DownchannelService does)
        return res;
    }
}
