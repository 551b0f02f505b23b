package dev.opencic.bench.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.opencic.protocol.MessageCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain-HTTP CEK extension for the bench (the JDK's HTTP server on a loopback port, as
 * examples/plain-http): answers every request with a sentence after a fixed delay. The sentence
 * carries a counter, so no two answers are the same text and the server's answer cache cannot
 * serve one from memory: each is synthesised, as the built-in answer it is compared with.
 */
final class LocalExtension implements AutoCloseable {

    private final HttpServer server;
    private final AtomicLong answered = new AtomicLong();

    LocalExtension() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        // a thread per request: the delay is the extension's own, not a queue in front of it
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** Serves {@code path}, answering after {@code delayMillis}; returns its URL. */
    String serve(String path, long delayMillis) {
        server.createContext(path, exchange -> handle(exchange, delayMillis));
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    long answered() {
        return answered.get();
    }

    private void handle(HttpExchange exchange, long delayMillis) throws IOException {
        try (exchange) {
            JsonNode request = MessageCodec.mapper().readTree(exchange.getRequestBody().readAllBytes());
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            String thing = request.path("request").path("intent").path("slots").path("thing").path("value")
                    .asText("thing");
            long n = answered.incrementAndGet();
            byte[] body = says("Fact " + n + ": the " + thing + " is in the cupboard.").toString()
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A CEK response saying {@code text} and ending the session. */
    private static ObjectNode says(String text) {
        ObjectNode json = MessageCodec.mapper().createObjectNode().put("version", "1.0");
        json.putObject("sessionAttributes");
        ObjectNode response = json.putObject("response");
        response.putObject("outputSpeech").put("type", "SimpleSpeech").putObject("values")
                .put("type", "PlainText").put("lang", "en").put("value", text);
        response.putObject("card");
        response.putArray("directives");
        response.put("shouldEndSession", true);
        return json;
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
