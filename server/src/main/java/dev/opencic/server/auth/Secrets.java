package dev.opencic.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random bearer secrets (client secrets, authorization codes, access, refresh and account tokens)
 * and their storage digests.
 *
 * <p>Each secret is 32 bytes from {@link SecureRandom} (256 bits), so a plain SHA-256 digest is the
 * right way to store it: nobody can guess or brute-force a 256-bit random value, so a slow,
 * salted password hash would only cost CPU on every request without adding protection. (Passwords,
 * which people choose, get argon2id instead; see {@link PasswordHasher}.) The digest lets the
 * server look a presented token up by equality without keeping the token itself.
 */
public final class Secrets {

    /** Bytes of randomness per secret. */
    public static final int SECRET_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {}

    /** A fresh secret: 32 random bytes as unpadded URL-safe base64 (43 characters). */
    public static String newSecret() {
        return random(SECRET_BYTES);
    }

    /**
     * {@code bytes} random bytes as unpadded URL-safe base64, never starting with {@code -}: client
     * ids and secrets are pasted into command lines ({@code --client-id ID}), where a leading dash
     * reads as an option. Redrawing those (1 in 64) costs under 0.03 bits of entropy.
     */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        String s;
        do {
            RANDOM.nextBytes(b);
            s = URL.encodeToString(b);
        } while (s.charAt(0) == '-');
        return s;
    }

    /** The storage digest of a secret: SHA-256 of its UTF-8 bytes, unpadded URL-safe base64. */
    public static String sha256(String secret) {
        // One digest per thread: this runs for every request's token, and getInstance is not free.
        MessageDigest md = SHA256.get();
        md.reset();
        return URL.encodeToString(md.digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    });

    /** Compares two digests without an early exit. */
    public static boolean digestsEqual(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII),
                                     b.getBytes(StandardCharsets.US_ASCII));
    }
}
