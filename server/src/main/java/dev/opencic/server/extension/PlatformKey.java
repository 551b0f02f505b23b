package dev.opencic.server.extension;

import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.store.Database;
import dev.opencic.server.store.OwnerOnlyFiles;
import dev.opencic.server.store.SharedSecrets;
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
import java.time.Clock;
import java.util.Base64;

/**
 * The platform's RSA key pair that signs every request to an extension ({@code SignatureCEK}: base64
 * of SHA256withRSA over the exact body bytes), as Clova signs with its own. Made on first use in
 * {@code <data-dir>/extension-signing-key.pem} (PKCS#8, owner-only), or for the nodes of a cluster
 * once in the shared database ({@link #forServer}); the public key is derived from
 * it, served at {@value #PUBLIC_KEY_PATH} and printed by {@code ./cic admin extension key}, so an
 * extension verifies with it instead of the key bundled in LINE's SDK.
 */
public final class PlatformKey {

    public static final String FILE = "extension-signing-key.pem";
    public static final String PUBLIC_KEY_PATH = "/extensions/public-key.pem";
    public static final String SIGNATURE_HEADER = "SignatureCEK";
    /** Its name in {@code shared_keys} when the nodes of a cluster share it. */
    public static final String SHARED_NAME = "extension-signing-key";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private PlatformKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * The key a server with these settings signs with. A single node (no {@code db-url}): its data
     * directory's file, as always. A cluster node (shared database): the one key in the database
     * ({@code shared_keys}), so an extension verifies every node with one public key; the first
     * node to start stores it, seeded with its own file key when it has one (so the key extensions
     * already trust survives the move to a cluster), else a new one.
     */
    public static PlatformKey forServer(ServerConfig config, Database database, Clock clock) {
        return config.dbUrl() == null ? loadOrCreate(config.dataDir())
                : shared(new SharedSecrets(database.jdbi(), clock), config.dataDir());
    }

    /** The data directory's key, made (2048-bit RSA) if there is none yet. */
    public static PlatformKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                OwnerOnlyFiles.writeSecret(file, pem("PRIVATE KEY", newPrivateKey()).getBytes(StandardCharsets.US_ASCII));
            }
            return fromPkcs8(readPkcs8(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** The cluster's key ({@value #SHARED_NAME} in {@code secrets}), stored now if no node did yet. */
    public static PlatformKey shared(SharedSecrets secrets, Path dataDir) {
        Path file = dataDir.resolve(FILE);
        byte[] der = secrets.getOrCreateKey(SHARED_NAME, () -> {
            try {
                return Files.exists(file) ? readPkcs8(file) : newPrivateKey();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        });
        return fromPkcs8(der, "the shared database's " + SHARED_NAME);
    }

    private static byte[] newPrivateKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate().getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an RSA key", e);
        }
    }

    private static byte[] readPkcs8(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot use " + file + " as the extension signing key: " + e.getMessage(), e);
        }
    }

    private static PlatformKey fromPkcs8(byte[] der, String source) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
            if (!(key instanceof RSAPrivateCrtKey crt)) {
                throw new IllegalStateException(source + " is not an RSA private key with its public exponent");
            }
            PublicKey pub = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return new PlatformKey(key, pub);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot use " + source + " as the extension signing key: " + e.getMessage(), e);
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
