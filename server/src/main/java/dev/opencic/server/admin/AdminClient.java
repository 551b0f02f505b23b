package dev.opencic.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.MessageCodec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code ./cic admin} reaches a running server: the endpoint and secret files in the data
 * directory. No files, or nothing listening there (a server killed without its clean stop), means no
 * server runs, and the command opens the database itself.
 */
public final class AdminClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String secret;
    private final HttpClient http;

    private AdminClient(URI base, String secret) {
        this.base = base;
        this.secret = secret;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The running server's admin endpoint, when its files are there. */
    public static Optional<AdminClient> find(Path dataDir) {
        try {
            String uri = Files.readString(dataDir.resolve(AdminEndpoint.ENDPOINT_FILE), StandardCharsets.US_ASCII).strip();
            String secret = Files.readString(dataDir.resolve(AdminEndpoint.SECRET_FILE), StandardCharsets.US_ASCII).strip();
            return Optional.of(new AdminClient(URI.create(uri + "/admin/v1/"), secret));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the admin endpoint files in " + dataDir + ": " + e.getMessage());
        }
    }

    /**
     * Runs {@code command} in the server; empty when nothing listens at the endpoint.
     *
     * @throws IllegalStateException when the endpoint refuses the request (wrong secret, bad request)
     * @throws IllegalArgumentException when the command is refused (its one-line reason)
     */
    public Optional<AdminResult> run(String command, Map<String, ?> arguments) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(command))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MessageCodec.mapper().writeValueAsString(arguments)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            return Optional.empty();
        }
        JsonNode json = MessageCodec.mapper().readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the server's admin endpoint answered " + response.statusCode()
                    + (json.hasNonNull("error") ? ": " + json.get("error").asText() : ""));
        }
        if (json.hasNonNull("failure")) {
            throw new IllegalArgumentException(json.get("failure").asText());
        }
        return Optional.of(new AdminResult(json.get("exit").asInt(), json.get("out").asText(), json.get("err").asText()));
    }
}
