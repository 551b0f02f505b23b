package dev.opencic.bench.extension;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import dev.opencic.bench.devices.HeldDownchannel;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Devices sending typed words ({@code TextRecognizer.Recognize}), each on its own HTTP/2
 * connection with its own access token and an open downchannel (the server refuses events of a
 * device without one). A request completes with its latency in nanoseconds, {@link #SHED} when the
 * server refused it with {@code 503}, or {@link #FAILED} for any other answer than a 200 with a
 * {@code Speak}.
 */
final class TextRequests {

    static final long FAILED = -1;
    static final long SHED = -2;
    private static final String BOUNDARY = "extension-bench-5c2e";

    private final WebClient[] clients;
    private final String[] tokens;
    private final AtomicLong ids = new AtomicLong();
    /** Unique per run: the server answers a messageId it saw within its replay window from storage. */
    private final String run = Long.toHexString(new java.util.Random().nextLong());
    private volatile String lastFailure = "";

    TextRequests(ClientFactory factory, URI server, String[] tokens) {
        this.tokens = tokens;
        this.clients = new WebClient[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            clients[i] = WebClient.builder(SessionProtocol.H2C, endpoint(server, i)).factory(factory)
                    .responseTimeoutMillis(60_000).build();
        }
    }

    private static Endpoint endpoint(URI server, int device) {
        // a host name per device: one connection each, as separate speakers have
        return Endpoint.of("ext" + device + ".sim", server.getPort()).withIpAddr(server.getHost());
    }

    /** Opens every device's downchannel; returns how many opened. */
    int openDownchannels(ClientFactory factory, URI server) {
        AtomicInteger open = new AtomicInteger();
        List<CompletableFuture<Boolean>> opened = new ArrayList<>();
        for (int i = 0; i < clients.length; i++) {
            WebClient downchannel = WebClient.builder(SessionProtocol.H2C, endpoint(server, i)).factory(factory)
                    .responseTimeoutMillis(0).maxResponseLength(0).build();
            CompletableFuture<Boolean> ok = new CompletableFuture<>();
            opened.add(ok);
            downchannel.execute(RequestHeaders.builder(HttpMethod.GET, "/v1/directives")
                            .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + tokens[i]).build())
                    .subscribe(new HeldDownchannel(ok, open, new AtomicInteger(), new AtomicInteger()));
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).join();
        return open.get();
    }

    int devices() {
        return clients.length;
    }

    String lastFailure() {
        return lastFailure;
    }

    /** Sends {@code text} as device {@code device}; completes (never exceptionally) with nanoseconds, SHED or FAILED. */
    CompletableFuture<Long> send(int device, String text) {
        long id = ids.incrementAndGet();
        String metadata = "{\"context\":[],\"event\":{\"header\":{\"namespace\":\"TextRecognizer\","
                + "\"name\":\"Recognize\",\"messageId\":\"ext-m-" + run + '-' + id + "\",\"dialogRequestId\":\"ext-d-"
                + run + '-' + id + "\"},\"payload\":{\"text\":\"" + text + "\"}}}";
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json; charset=UTF-8\r\n\r\n" + metadata + "\r\n--" + BOUNDARY + "--\r\n";
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/v1/events")
                .contentType(MediaType.parse("multipart/form-data; boundary=" + BOUNDARY))
                .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + tokens[device]).build();
        long start = System.nanoTime();
        return clients[device].execute(HttpRequest.of(headers, HttpData.of(StandardCharsets.UTF_8, body))).aggregate()
                .handle((r, e) -> {
                    long nanos = System.nanoTime() - start;
                    if (e == null && r.status().code() == 200
                            && r.content().toString(StandardCharsets.ISO_8859_1).contains("\"Speak\"")) {
                        return nanos;
                    }
                    if (e == null && r.status().code() == 503) {
                        return SHED; // admission control refused it: not an error, the device waits Retry-After
                    }
                    String detail = e != null ? e.toString() : r.status().codeAsText() + " " + r.contentUtf8();
                    lastFailure = text + " -> " + (detail.length() > 300 ? detail.substring(0, 300) : detail);
                    return FAILED;
                });
    }
}
