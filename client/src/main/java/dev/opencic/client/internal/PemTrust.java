package dev.opencic.client.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;

/** Trust in exactly the certificates of a PEM file (a server's self-signed one), with okhttp-tls. */
public final class PemTrust {

    private static final Pattern PEM_CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", Pattern.DOTALL);

    private PemTrust() {}

    /** @throws IOException if the file cannot be read, holds no certificate or a broken one */
    public static HandshakeCertificates load(Path pemFile) throws IOException {
        String pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
        Matcher matcher = PEM_CERTIFICATE.matcher(pem);
        HandshakeCertificates.Builder trust = new HandshakeCertificates.Builder();
        int n = 0;
        while (matcher.find()) {
            try {
                trust.addTrustedCertificate(Certificates.decodeCertificatePem(matcher.group()));
            } catch (IllegalArgumentException e) {
                throw new IOException("pemFile: " + pemFile + " is not usable: " + e.getMessage(), e);
            }
            n++;
        }
        if (n == 0) {
            throw new IOException("pemFile: " + pemFile + " holds no certificate");
        }
        return trust.build();
    }
}
