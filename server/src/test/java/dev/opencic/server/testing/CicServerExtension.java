package dev.opencic.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.CicServer;
import dev.opencic.server.CicServerBuilder;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real {@link CicServer} on random loopback ports with a fresh data directory, with one
 * account and one client registered, and hands out {@link TestDevice}s that hold access tokens
 * obtained through the real auth endpoints.
 */
public final class CicServerExtension implements BeforeAllCallback, AfterAllCallback {

    public static final String USER = "alice";
    public static final String PASSWORD = "correct horse battery";

    private final Consumer<ServerConfig.Builder> customizer;
    private final Consumer<CicServerBuilder> assembly;
    private Path dataDir;
    private CicServer server;
    private String clientId;
    private String clientSecret;
    private ClientFactory setupFactory;

    public CicServerExtension() {
        this(b -> {});
    }

    public CicServerExtension(Consumer<ServerConfig.Builder> customizer) {
        this(customizer, server -> {});
    }

    /** A server whose built-in handlers of these handlers' namespaces are replaced by them. */
    public CicServerExtension(Consumer<ServerConfig.Builder> customizer, List<NamespaceHandler> replacements) {
        this(customizer, server -> replacements.forEach(h -> server.replace(h.namespace(), h)));
    }

    /** A server assembled with more than a configuration: a clock, handlers, modules, engines. */
    public CicServerExtension(Consumer<ServerConfig.Builder> customizer, Consumer<CicServerBuilder> assembly) {
        this.customizer = customizer;
        this.assembly = assembly;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    public void start() throws IOException {
        if (dataDir == null) {
            dataDir = Files.createTempDirectory("cic-test");
        }
        ServerConfig.Builder b = ServerConfig.builder().dataDir(dataDir).bindAddress("127.0.0.1").port(0).tlsPort(0);
        // No arbitration (on by default in a server): the devices of newDevice() all share one account
        // yet stand for independent speakers; tests of arbitration turn it back on in their customizer.
        b.arbitrationWindow(java.time.Duration.ZERO);
        customizer.accept(b);
        CicServerBuilder builder = CicServer.builder().config(b.build());
        assembly.accept(builder);
        server = builder.build().start();
        if (clientId == null) {
            // A cluster's nodes share one database (TestCluster): the first node made the account.
            if (server.auth().accounts().findByUsername(USER).isEmpty()) {
                server.auth().accounts().createAccount(USER, PASSWORD.toCharArray());
            }
            var client = server.auth().clients().createClient("test-speaker");
            clientId = client.clientId();
            clientSecret = client.clientSecret();
        }
        setupFactory = ClientFactory.builder().build();
    }

    /** Stops the server, keeping its data directory, so {@link #start()} can bring it back. */
    public void stop() {
        // null when the start was skipped (a test's precondition, e.g. no PostgreSQL, aborted it)
        if (setupFactory != null) {
            setupFactory.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        if (dataDir == null) {
            return;
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public CicServer server() {
        return server;
    }

    public String baseUri() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    public String h2cUri() {
        return "h2c://127.0.0.1:" + server.httpPort();
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** The Prometheus text from the admin port, where {@code /metrics} lives (not the device port). */
    public String metrics() {
        return WebClient.builder("http://127.0.0.1:" + server.adminPort()).factory(setupFactory).build()
                .get("/metrics").aggregate().join().contentUtf8();
    }

    /** An h2c client for the auth endpoints, sharing one connection. */
    public WebClient client() {
        return WebClient.builder(h2cUri()).factory(setupFactory).build();
    }

    /** A device with a fresh device id and its own HTTP/2 connection, already holding a token. */
    public TestDevice newDevice() {
        return device("device-" + UUID.randomUUID());
    }

    public TestDevice device(String deviceId) {
        TokenPair t = obtainToken(deviceId);
        return new TestDevice(h2cUri(), deviceId, t.accessToken());
    }

    public record TokenPair(String accessToken, String refreshToken, long expiresIn) {}

    /** A device of another account (created on first use), for tests that accounts stay apart. */
    public TestDevice deviceOf(String username, String password, String deviceId) {
        if (server.auth().accounts().findByUsername(username).isEmpty()) {
            server.auth().accounts().createAccount(username, password.toCharArray());
        }
        TokenPair t = obtainToken(username, password, deviceId);
        return new TestDevice(h2cUri(), deviceId, t.accessToken());
    }

    /** The full login → authorize → token flow over HTTP. */
    public TokenPair obtainToken(String deviceId) {
        return obtainToken(USER, PASSWORD, deviceId);
    }

    /** The full login → authorize → token flow over HTTP, for the given account. */
    public TokenPair obtainToken(String username, String password, String deviceId) {
        WebClient c = client();
        String accountToken = json(c.execute(RequestHeaders.of(HttpMethod.POST, "/accounts/login",
                        "content-type", MediaType.FORM_DATA),
                QueryParams.of("username", username, "password", password).toQueryString()).aggregate().join())
                .get("access_token").asText();
        String code = json(c.prepare().get("/authorize")
                .queryParams(CicServerExtension.form("client_id", clientId, "device_id", deviceId, "model_id", "test",
                        "response_type", "code", "state", "s/1=="))
                .header("authorization", "Bearer " + accountToken)
                .execute().aggregate().join()).get("code").asText();
        JsonNode token = json(c.execute(RequestHeaders.of(HttpMethod.POST, "/token",
                        "content-type", MediaType.FORM_DATA),
                CicServerExtension.form("grant_type", "authorization_code", "client_id", clientId,
                        "client_secret", clientSecret, "code", code, "device_id", deviceId).toQueryString())
                .aggregate().join());
        return new TokenPair(token.get("access_token").asText(), token.get("refresh_token").asText(),
                token.get("expires_in").asLong());
    }

    /** Form or query parameters from name/value pairs. */
    public static QueryParams form(String... nameValues) {
        var b = QueryParams.builder();
        for (int i = 0; i < nameValues.length; i += 2) {
            b.add(nameValues[i], nameValues[i + 1]);
        }
        return b.build();
    }

    public static JsonNode json(AggregatedHttpResponse res) {
        try {
            if (res.status().code() != 200) {
                throw new AssertionError("expected 200 but got " + res.status() + ": " + res.contentUtf8());
            }
            return MessageCodec.mapper().readTree(res.content().array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
