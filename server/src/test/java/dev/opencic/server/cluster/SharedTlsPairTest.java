package dev.opencic.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.TestCluster;
import dev.opencic.server.testing.TrustingTls;
import dev.opencic.server.transport.SelfSignedTls;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: the TLS pair in a cluster comes from {@code tls-cert}/{@code tls-key} files every node
 * reads, not a self-signed pair per node, so a device behind a TCP balancer sees one certificate
 * whichever node it lands on. Two nodes given the same files present that certificate on their TLS
 * ports (the handshake's certificate is the file's, byte for byte).
 */
class SharedTlsPairTest {

    static Path pairDir;
    static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        pairDir = Files.createTempDirectory("cic-shared-tls");
        SelfSignedTls.loadOrCreate(pairDir); // any PEM pair: here one made the way a single node makes its own
        Path cert = pairDir.resolve("tls/self-signed-cert.pem");
        Path key = pairDir.resolve("tls/self-signed-key.pem");
        cluster = TestCluster.start("shared_tls", 2, b -> b.asrPoolSize(0).tlsCert(cert).tlsKey(key), s -> {});
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyNodePresentsTheCertificateOfTheSharedFiles() throws Exception {
        X509Certificate file;
        try (InputStream in = Files.newInputStream(pairDir.resolve("tls/self-signed-cert.pem"))) {
            file = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        for (int n = 1; n <= cluster.size(); n++) {
            Certificate presented = presented(cluster.node(n).server().httpsPort());
            assertThat(presented.getEncoded()).as("node-" + n + "'s certificate").isEqualTo(file.getEncoded());
        }
        assertThat(cluster.node(1).server().config().dataDir().resolve("tls/self-signed-cert.pem"))
                .as("no pair of its own").doesNotExist();
    }

    /** The leaf certificate a TLS handshake with the port presents (not verified: it is self-signed). */
    private static Certificate presented(int port) throws Exception {
        SSLContext tls = TrustingTls.context();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        }
    }
}
