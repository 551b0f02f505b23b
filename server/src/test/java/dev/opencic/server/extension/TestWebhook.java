package dev.opencic.server.extension;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.opencic.protocol.MessageCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A plain-HTTP CEK extension for tests (the JDK's HTTP server on a random loopback port): every
 * request is kept with whether its {@code SignatureCEK} verified with the given public key, and
 * answered by a function of its JSON (the status, body and delay the test wants).
 */
final class TestWebhook implements AutoCloseable {

    /** What the webhook answers: a status and the body's bytes. */
    record Answer(int status, byte[] body) {
        static Answer json(ObjectNode json) {
            return new Answer(200, json.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One request as it arrived. */
    record Received(String path, ObjectNode json, boolean signatureValid) {
        String type() {
            return json.path("request").path("type").asText();
        }
    }

    private final HttpServer server;
    private final PublicKey key;
    final List<Received> received = new CopyOnWriteArrayList<>();

    TestWebhook(PublicKey key) throws IOException {
        this.key = key;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** Serves {@code path} with {@code answer}; returns its URL. */
    String serve(String path, Function<ObjectNode, Answer> answer) {
        server.createContext(path, exchange -> handle(exchange, answer));
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange, Function<ObjectNode, Answer> answer) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            ObjectNode json = (ObjectNode) MessageCodec.mapper().readTree(body);
            received.add(new Received(exchange.getHttpContext().getPath(), json,
                    verifies(body, exchange.getRequestHeaders().getFirst("SignatureCEK"))));
            Answer a = answer.apply(json);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(a.body());
            }
        }
    }

    private boolean verifies(byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(body);
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (Exception e) {
            return false;
        }
    }

    /** A CEK response saying {@code text}, ending the session or not, with these attributes. */
    static ObjectNode says(String text, boolean endSession, ObjectNode attributes) {
        ObjectNode json = MessageCodec.mapper().createObjectNode().put("version", "1.0");
        json.set("sessionAttributes", attributes == null ? MessageCodec.mapper().createObjectNode() : attributes);
        ObjectNode response = json.putObject("response");
        response.putObject("outputSpeech").put("type", "SimpleSpeech").putObject("values")
                .put("type", "PlainText").put("lang", "en").put("value", text);
        response.putObject("card");
        response.putArray("directives");
        response.put("shouldEndSession", endSession);
        return json;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
