package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.ClientRequestContextCaptor;
import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.logging.RequestLogProperty;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One cleartext port (HTTP/1.1 and h2c prior knowledge), one TLS port (h2 by ALPN), PING, metrics. */
class ProtocolsTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    /** {@code GET /ping} with the device's token, as the reference's example sends it. */
    private static AggregatedHttpResponse ping(WebClient c, String accessToken) {
        return c.execute(RequestHeaders.of(HttpMethod.GET,
                "/ping", "authorization", "Bearer " + accessToken)).aggregate().join();
    }

    @Test
    void pingWithoutAValidTokenIs401WithASystemException() throws Exception {
        WebClient c = WebClient.of("h2c://127.0.0.1:" + cic.server().httpPort());
        for (String authorization : new String[] {null, "Bearer not-a-token", "Basic abc"}) {
            var headers = RequestHeaders.builder(HttpMethod.GET, "/ping");
            if (authorization != null) {
                headers.add("authorization", authorization);
            }
            StreamedParts res = StreamedParts.read(c.execute(headers.build()));
            assertThat(res.status()).as(String.valueOf(authorization)).isEqualTo(401);
            var exception = MessageCodec.mapper().readTree(res.next().body());
            assertThat(exception.at("/header/namespace").asText()).isEqualTo("System");
            assertThat(exception.at("/header/name").asText()).isEqualTo("Exception");
            assertThat(exception.at("/payload/code").asText()).isEqualTo("401");
            assertThat(exception.toString()).doesNotContain("\tat ");
        }
    }

    @Test
    void pingAnswers204OverHttp1AndH2c() {
        String token = cic.obtainToken("ping-device").accessToken();
        try (ClientFactory f = ClientFactory.builder().build()) {
            for (String scheme : new String[] {"h1c", "h2c"}) {
                WebClient c = WebClient.builder(scheme + "://127.0.0.1:" + cic.server().httpPort()).factory(f).build();
                try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
                    AggregatedHttpResponse res = ping(c, token);
                    assertThat(res.status().code()).isEqualTo(204);
                    ClientRequestContext ctx = captor.get();
                    assertThat(ctx.log().whenAvailable(RequestLogProperty.SESSION).join().sessionProtocol())
                            .isEqualTo(scheme.equals("h1c") ? SessionProtocol.H1C : SessionProtocol.H2C);
                }
            }
        }
    }

    @Test
    void theTlsPortSpeaksH2ByAlpnWithASelfSignedPairKeptInTheDataDir() throws Exception {
        String token = cic.obtainToken("ping-device").accessToken();
        try (ClientFactory f = ClientFactory.builder().tlsNoVerify().build();
             ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
            WebClient c = WebClient.builder("https://127.0.0.1:" + cic.server().httpsPort()).factory(f).build();
            assertThat(ping(c, token).status().code()).isEqualTo(204);
            assertThat(captor.get().log().whenAvailable(RequestLogProperty.SESSION).join().sessionProtocol())
                    .isEqualTo(SessionProtocol.H2);
        }
        Path cert = cic.server().config().dataDir().resolve("tls/self-signed-cert.pem");
        assertThat(cert).exists();
        byte[] before = Files.readAllBytes(cert);
        cic.stop();
        cic.start();
        assertThat(Files.readAllBytes(cert)).as("generated once, reused on restart").isEqualTo(before);
    }

    @Test
    void http2PingFramesAreAcknowledged() throws Exception {
        try (Socket s = new Socket("127.0.0.1", cic.server().httpPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(frame(4, 0, new byte[0]));               // SETTINGS
            byte[] opaque = {1, 2, 3, 4, 5, 6, 7, 8};
            out.write(frame(6, 0, opaque));                    // PING
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int i = 0; i < 10; i++) {
                int len = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                in.readInt();
                byte[] payload = new byte[len];
                in.readFully(payload);
                if (type == 6) {
                    assertThat(flags & 1).as("ACK flag").isEqualTo(1);
                    assertThat(payload).isEqualTo(opaque);
                    return;
                }
                if (type == 4 && (flags & 1) == 0) {
                    out.write(frame(4, 1, new byte[0])); // ack the server's SETTINGS
                    out.flush();
                }
            }
            throw new AssertionError("no PING ACK among the first frames");
        }
    }

    @Test
    void metricsExposeRequestsDownchannelsAndLatencies() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            device.send("TextRecognizer", "Recognize", "d-metrics", TestDevice.payload().put("text", "hello")).rest();
            String metrics = cic.metrics();
            assertThat(metrics).contains("cic_downchannels_active 1.0")
                    .contains("cic_event_latency_seconds_count{event=\"TextRecognizer.Recognize\",outcome=\"ok\"}")
                    .contains("cic_tts_latency_seconds_count")
                    .containsPattern("cic_http_requests_total\\{.*http_status=\"200\"");
            assertThat(metrics).doesNotContain(device.accessToken());
        }
    }

    static byte[] frame(int type, int flags, byte[] payload) {
        byte[] f = Arrays.copyOf(new byte[] {
                (byte) (payload.length >> 16), (byte) (payload.length >> 8), (byte) payload.length,
                (byte) type, (byte) flags, 0, 0, 0, 0}, 9 + payload.length);
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }
}
