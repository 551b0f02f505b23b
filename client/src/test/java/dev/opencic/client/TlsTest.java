package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.CicServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP/2 over TLS (ALPN) against the server's self-signed certificate. */
class TlsTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    @Test
    void theClientTalksHttp2OverTlsWhenGivenTheServersSelfSignedCertificate() throws Exception {
        Path pem = cic.server().config().dataDir().resolve("tls/self-signed-cert.pem");
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        CicClient.Builder b = Clients.builder(cic, "device-" + UUID.randomUUID())
                .serverUrl("https://localhost:" + cic.server().httpsPort())
                .trustPemCertificates(pem)
                .connectionListener(new ConnectionListener() {
                    @Override
                    public void onStateChanged(ConnectionState previous, ConnectionState current) {
                        states.add(current);
                    }
                });
        try (CicClient client = b.build()) {
            client.login(CicServerExtension.USER, CicServerExtension.PASSWORD);
            client.start();
            client.whenConnected().get(10, TimeUnit.SECONDS);
            EventResponse r = client.recognizeText("hello").get(20, TimeUnit.SECONDS);
            assertThat(r.httpStatus()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(2)).until(() -> states.contains(ConnectionState.CONNECTED));
        }
    }
}
