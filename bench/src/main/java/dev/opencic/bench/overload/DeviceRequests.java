package dev.opencic.bench.overload;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.util.Exceptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Devices sending {@code TextRecognizer.Recognize} events, each device its own HTTP/2 connection
 * and access token, giving up on an answer (resetting its stream) after the device timeout.
 */
final class DeviceRequests {

    private static final String BOUNDARY = "overload-boundary-7f1a";

    /** How one request ended. */
    enum Result {
        /** 200 with a Speak directive, complete within the device timeout. */
        OK,
        /** 503: the server refused it (shed), which is not an error. */
        SHED,
        /** The device gave up after its timeout and reset the stream. */
        GAVE_UP,
        /** Anything else: another status, a reset, a broken connection, an answer without Speak. */
        ERROR
    }

    record Outcome(Result result, long nanos, String detail) {}

    private final WebClient[] clients;
    private final String[] tokens;
    private final AtomicLong ids = new AtomicLong();
    /** Unique per run: the server answers a messageId it saw within its replay window from storage. */
    private final String run = Long.toHexString(new java.util.Random().nextLong());

    DeviceRequests(ClientFactory factory, URI server, String[] tokens, Duration deviceTimeout) {
        this.tokens = tokens;
        this.clients = new WebClient[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            Endpoint endpoint = Endpoint.of("ovl" + i + ".sim", server.getPort()).withIpAddr(server.getHost());
            clients[i] = WebClient.builder(SessionProtocol.H2C, endpoint).factory(factory)
                    .responseTimeout(deviceTimeout).build();
        }
    }

    /**
     * Opens every device's downchannel ({@code GET /v1/directives}, held open) on its own
     * connection: the server refuses events of a device without one ({@code 412}).
     *
     * @return how many opened
     */
    int openDownchannels(ClientFactory factory, URI server) {
        java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<CompletableFuture<Boolean>> opened = new java.util.ArrayList<>();
        for (int i = 0; i < clients.length; i++) {
            Endpoint endpoint = Endpoint.of("ovl" + i + ".sim", server.getPort()).withIpAddr(server.getHost());
            WebClient downchannel = WebClient.builder(SessionProtocol.H2C, endpoint).factory(factory)
                    .responseTimeoutMillis(0).maxResponseLength(0).build();
            CompletableFuture<Boolean> ok = new CompletableFuture<>();
            opened.add(ok);
            downchannel.execute(RequestHeaders.builder(HttpMethod.GET, "/v1/directives")
                            .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + tokens[i]).build())
                    .subscribe(new dev.opencic.bench.devices.HeldDownchannel(ok, open, failed, closed));
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).join();
        return open.get();
    }

    int devices() {
        return clients.length;
    }

    /** Sends {@code text} as device {@code device}; completes (never exceptionally) with how it ended. */
    CompletableFuture<Outcome> send(int device, String text) {
        long id = ids.incrementAndGet();
        String metadata = "{\"context\":[],\"event\":{\"header\":{\"namespace\":\"TextRecognizer\","
                + "\"name\":\"Recognize\",\"messageId\":\"ovl-m-" + run + '-' + id + "\",\"dialogRequestId\":\"ovl-d-" + id + "\"},"
                + "\"payload\":{\"text\":\"" + text + "\"}}}";
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json; charset=UTF-8\r\n\r\n" + metadata + "\r\n--" + BOUNDARY + "--\r\n";
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/v1/events")
                .contentType(MediaType.parse("multipart/form-data; boundary=" + BOUNDARY))
                .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + tokens[device]).build();
        long start = System.nanoTime();
        return clients[device].execute(HttpRequest.of(headers, HttpData.of(StandardCharsets.UTF_8, body))).aggregate()
                .handle((r, e) -> {
                    long nanos = System.nanoTime() - start;
                    if (e != null) {
                        Throwable cause = Exceptions.peel(e);
                        return cause instanceof ResponseTimeoutException
                                ? new Outcome(Result.GAVE_UP, nanos, "timeout")
                                : new Outcome(Result.ERROR, nanos, cause.toString());
                    }
                    if (r.status().code() == 503) {
                        // the detail carries Retry-After (seconds), which a closed-loop device waits out
                        return new Outcome(Result.SHED, nanos, r.headers().get("retry-after", "1"));
                    }
                    if (r.status().code() == 200 && r.content().toString(StandardCharsets.ISO_8859_1).contains("\"Speak\"")) {
                        return new Outcome(Result.OK, nanos, "200");
                    }
                    String content = r.contentUtf8();
                    return new Outcome(Result.ERROR, nanos, r.status().codeAsText() + " "
                            + (content.length() > 300 ? content.substring(0, 300) : content));
                });
    }
}
