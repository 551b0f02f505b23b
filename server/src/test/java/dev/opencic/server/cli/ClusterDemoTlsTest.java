package dev.opencic.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.ClusterDemoProcess;
import dev.opencic.server.testing.TrustingTls;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * {@code ./cic cluster-demo} with TLS (issue 19): one self-signed pair written once in the demo's
 * directory, every node given it ({@code tls-cert}/{@code tls-key}), and HAProxy's second frontend
 * passing TLS connections whole to the nodes' TLS ports. Each node and the balancer present that
 * certificate, byte for byte, and a health check over TLS through the balancer answers.
 */
class ClusterDemoTlsTest {

    @Test
    void everyNodeAndTheBalancersTlsPortPresentTheOneSharedCertificate() throws Exception {
        Path dir = Files.createTempDirectory("cic-demo-tls");
        try (ClusterDemoProcess demo = ClusterDemoProcess.start(dir, 2, "asr-pool-size=0")) {
            assertThat(demo.stdout()).as("the one line on stdout is unchanged")
                    .containsExactly("devices: " + demo.devicesUrl());
            Path certFile = Path.of(demo.setting("tls-cert"));
            byte[] shared = ((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certFile)))).getEncoded();
            for (int n = 1; n <= 2; n++) {
                int port = Integer.parseInt(demo.setting("node-" + n + ".tls-port"));
                assertThat(presented(port)).as("node %d", n).isEqualTo(shared);
                assertThat(Path.of(demo.setting("node-" + n + ".data-dir")).resolve("tls")).doesNotExist();
            }
            int balancer = URI.create(demo.setting("devices-tls")).getPort();
            assertThat(presented(balancer)).as("through HAProxy").isEqualTo(shared);
            assertThat(healthOverTls(balancer)).startsWith("HTTP/1.1 200");
        }
    }

    /** The certificate a TLS server on the loopback port presents (trusted blindly: the test compares it). */
    static byte[] presented(int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) TrustingTls.context().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return chain[0].getEncoded();
        }
    }

    static String healthOverTls(int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) TrustingTls.context().getSocketFactory().createSocket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
