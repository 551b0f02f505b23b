package dev.opencic.server.transport;

import com.linecorp.armeria.common.TlsKeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS key pair when none is configured: generated once into the data directory and reused, so
 * devices that pinned or accepted the certificate keep working across restarts.
 */
public final class SelfSignedTls {

    private static final Logger log = LoggerFactory.getLogger(SelfSignedTls.class);

    private SelfSignedTls() {}

    public static TlsKeyPair loadOrCreate(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("tls");
        Path cert = dir.resolve("self-signed-cert.pem");
        Path key = dir.resolve("self-signed-key.pem");
        if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
            return TlsKeyPair.of(key.toFile(), cert.toFile());
        }
        Files.createDirectories(dir);
        TlsKeyPair pair = TlsKeyPair.ofSelfSigned("localhost");
        try {
            Files.writeString(cert, pem("CERTIFICATE", pair.certificateChain().get(0).getEncoded()),
                    StandardCharsets.US_ASCII);
        } catch (CertificateEncodingException e) {
            throw new IOException("could not encode the self-signed certificate", e);
        }
        Files.writeString(key, pem("PRIVATE KEY", pair.privateKey().getEncoded()), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system; the data directory's own permissions have to do.
        }
        log.info("event=SelfSignedCertificateCreated cert={}", cert.toAbsolutePath());
        return pair;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
