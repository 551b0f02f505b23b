package dev.opencic.server.extension;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.util.Exceptions;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.extension.ExtensionFailure.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Posts signed CEK requests to extensions' webhooks (Armeria's client, no thread waits) and hands back
 * the answer's JSON, or an {@link ExtensionFailure}: too slow ({@code extension-timeout-ms}), not
 * reachable, not 2xx, too big ({@link #MAX_RESPONSE_BYTES}), not a JSON object, or its breaker open.
 * Each call is timed in {@code cic_extension_requests_seconds{extension, outcome}}.
 */
final class CekClient implements AutoCloseable {

    /** Far above any speech and card an extension sends; a bigger body is a broken extension. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final PlatformKey key;
    private final Duration timeout;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ClientFactory factory = ClientFactory.builder().build();
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    CekClient(PlatformKey key, Duration timeout, MeterRegistry meters, Clock clock) {
        this.key = key;
        this.timeout = timeout;
        this.meters = meters;
        this.clock = clock;
    }

    /** Posts {@code request} without reading the answer beyond its being a JSON object. */
    CompletableFuture<ObjectNode> post(String extension, String url, ObjectNode request) {
        return post(extension, url, request, json -> json);
    }

    /**
     * Posts {@code request} to the extension's URL; completes with its answer as {@code read} makes
     * it, or an {@link ExtensionFailure} (also when {@code read} refuses the answer: a CEK answer that
     * does not fit counts as the extension's failure, for its breaker and metrics).
     */
    <T> CompletableFuture<T> post(String extension, String url, ObjectNode request, Function<ObjectNode, T> read) {
        CircuitBreaker breaker = breakers.computeIfAbsent(extension, e -> new CircuitBreaker(clock));
        if (!breaker.allow()) {
            record(extension, "circuit_open", 0);
            return CompletableFuture.failedFuture(new ExtensionFailure(Reason.CIRCUIT_OPEN,
                    "circuit open after " + CircuitBreaker.FAILURES_TO_OPEN + " failures in a row"));
        }
        byte[] body;
        try {
            body = MessageCodec.mapper().writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a CEK request", e);
        }
        URI uri = URI.create(url);
        // HTTP/1.1 over cleartext: what every webhook framework speaks (an h2c upgrade attempt would
        // cost a round trip against servers that refuse it); https negotiates by ALPN.
        String base = ("http".equals(uri.getScheme()) ? "h1c" : uri.getScheme()) + "://" + uri.getRawAuthority();
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        WebClient client = WebClient.builder(base).factory(factory).responseTimeout(timeout)
                .maxResponseLength(MAX_RESPONSE_BYTES).build();
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, path)
                .contentType(MediaType.JSON_UTF_8)
                .add(HttpHeaderNames.of(PlatformKey.SIGNATURE_HEADER), key.sign(body))
                .build();
        long start = System.nanoTime();
        return client.execute(HttpRequest.of(headers, HttpData.wrap(body))).aggregate()
                .handle((response, error) -> {
                    try {
                        T answer = read.apply(answer(response, error));
                        breaker.succeeded();
                        record(extension, "ok", System.nanoTime() - start);
                        return answer;
                    } catch (ExtensionFailure f) {
                        breaker.failed();
                        record(extension, f.tag(), System.nanoTime() - start);
                        throw f;
                    }
                });
    }

    private static ObjectNode answer(AggregatedHttpResponse response, Throwable error) {
        if (error != null) {
            Throwable cause = Exceptions.peel(error);
            if (cause instanceof UnprocessedRequestException u && u.getCause() != null) {
                cause = u.getCause();
            }
            if (cause instanceof ResponseTimeoutException) {
                throw new ExtensionFailure(Reason.TIMEOUT, "no answer within the timeout");
            }
            if (cause instanceof ContentTooLargeException) {
                throw new ExtensionFailure(Reason.OVERSIZED, "answer over " + MAX_RESPONSE_BYTES + " bytes");
            }
            if (cause instanceof IOException || error instanceof UnprocessedRequestException) {
                throw new ExtensionFailure(Reason.CONNECTION, cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
            throw new ExtensionFailure(Reason.ERROR, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        if (response.status().codeClass() != com.linecorp.armeria.common.HttpStatusClass.SUCCESS) {
            throw new ExtensionFailure(Reason.STATUS, "status " + response.status().code());
        }
        JsonNode json;
        try {
            json = MessageCodec.mapper().readTree(response.content().array());
        } catch (IOException e) {
            throw new ExtensionFailure(Reason.INVALID_JSON, "answer is not JSON");
        }
        if (!(json instanceof ObjectNode object)) {
            throw new ExtensionFailure(Reason.INVALID_JSON, "answer is not a JSON object");
        }
        return object;
    }

    private void record(String extension, String outcome, long nanos) {
        Timer.builder("cic.extension.requests").description("Requests to third-party extensions (CEK webhooks)")
                .tag("extension", extension).tag("outcome", outcome).register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Forgets a removed extension's breaker. */
    void forget(String extension) {
        breakers.remove(extension);
    }

    @Override
    public void close() {
        factory.close();
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
