package dev.opencic.client;

import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.testing.CicServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/** Builds SDK clients against a test server: a fresh device id and a token store in a temp dir. */
final class Clients {

    private Clients() {}

    static CicClient.Builder builder(CicServerExtension cic, String deviceId) {
        try {
            Path dir = Files.createTempDirectory("cic-client-test");
            return CicClient.builder()
                    .serverUrl(cic.baseUri())
                    .clientCredentials(cic.clientId(), cic.clientSecret())
                    .deviceId(deviceId)
                    .modelId("test-model")
                    .tokenStore(new FileTokenStore(dir.resolve("tokens.json")))
                    .backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                    .connectTimeout(Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A logged-in, started client for a new device. */
    static CicClient started(CicServerExtension cic, Consumer<CicClient.Builder> customizer) throws IOException {
        return started(cic, "device-" + UUID.randomUUID(), customizer);
    }

    static CicClient started(CicServerExtension cic, String deviceId, Consumer<CicClient.Builder> customizer)
            throws IOException {
        CicClient.Builder b = builder(cic, deviceId);
        customizer.accept(b);
        CicClient client = b.build();
        client.login(CicServerExtension.USER, CicServerExtension.PASSWORD);
        client.start();
        client.whenConnected().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        return client;
    }

    /** The server-side identity of the client's current access token. */
    static DeviceIdentity identity(CicServerExtension cic, CicClient client) throws IOException {
        return cic.server().auth().tokens().verify(client.tokens().orElseThrow().accessToken()).join().orElseThrow();
    }
}
