package dev.opencic.server.extension;

import dev.opencic.server.store.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The platform's RSA key pair that signs every request to an extension ({@code SignatureCEK}: base64
 * of SHA256withRSA over the exact body bytes), as Clova signs with its own. Made on first use in
 * {@code <data-dir>/extension-signing-key.pem} (PKCS#8, owner-only); the public key is derived from
 * it, served at {@value #PUBLIC_KEY_PATH} and printed by {@code ./cic admin extension key}, so an
 * extension verifies with it instead of the key bundled in LINE's SDK.
 */
public final class PlatformKey {

    public static final String FILE = "extension-signing-key.pem";
    public static final String PUBLIC_KEY_PATH = "/extensions/public-key.pem";
    public static final String SIGNATURE_HEADER = "SignatureCEK";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private PlatformKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The data directory's key, made (2048-bit RSA) if there is none yet. */
    public static PlatformKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
                Files.createDirectories(dataDir);
                OwnerOnlyFiles.writeSecret(file, pem("PRIVATE KEY", der).getBytes(StandardCharsets.US_ASCII));
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            if (!(key instanceof RSAPrivateCrtKey crt)) {
                throw new IllegalStateException(file + " is not an RSA private key with its public exponent");
            }
            PublicKey pub = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return new PlatformKey(key, pub);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot use " + file + " as the extension signing key: " + e.getMessage(), e);
        }
    }

    /** Base64 of SHA256withRSA over {@code body}: the {@code SignatureCEK} header's value. */
    public String sign(byte[] body) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(privateKey);
            s.update(body);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an extension request", e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
