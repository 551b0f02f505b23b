package dev.opencic.server.skill.music;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived stream URLs: {@code /v1/music/tracks/{id}/stream?device=...&expires=...&sig=...},
 * where {@code sig} is an HMAC-SHA256 over the track, the device and the expiry under a secret the
 * server keeps in its data directory ({@code music-url.key}, created on first use, owner-only). A
 * URL is good for one device and one track until it expires; changing any part breaks the
 * signature. The secret survives restarts, so URLs handed out before one keep working.
 */
public final class StreamUrls {

    public static final String PATH_PREFIX = "/v1/music/tracks/";
    public static final String PATH_SUFFIX = "/stream";
    static final String KEY_FILE = "music-url.key";

    private final SecretKeySpec key;
    private final Clock clock;

    StreamUrls(byte[] secret, Clock clock) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.clock = clock;
    }

    /** The signer with the data directory's secret, creating the secret if there is none yet. */
    public static StreamUrls loadOrCreate(Path dataDir, Clock clock) {
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                // Written whole under another name, then moved into place: a crash or a second
                // process never sees a half-written key.
                Path tmp = Files.createTempFile(dataDir, KEY_FILE, ".tmp");
                try {
                    try {
                        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException e) {
                        // not a POSIX file system: the data dir's own permissions protect it
                    }
                    Files.writeString(tmp, Base64.getEncoder().encodeToString(secret) + "\n");
                    try {
                        Files.createLink(file, tmp); // atomic, and fails if the key exists
                    } catch (FileAlreadyExistsException e) {
                        // another process won the race: use its key
                    } catch (UnsupportedOperationException e) {
                        Files.move(tmp, file); // no hard links here: fails too if the key exists
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] secret = Base64.getDecoder().decode(Files.readString(file).strip());
            if (secret.length < 16) {
                throw new IllegalStateException(file + " holds fewer than 16 bytes; delete it to make a new one");
            }
            return new StreamUrls(secret, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    /** The path and query of a URL for {@code deviceId} to fetch {@code trackId} until {@code expires}. */
    public String sign(String trackId, String deviceId, Instant expires) {
        long exp = expires.getEpochSecond();
        return PATH_PREFIX + trackId + PATH_SUFFIX + "?device=" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8)
                + "&expires=" + exp + "&sig=" + signature(trackId, deviceId, exp);
    }

    /** Why a URL is refused, or null when it is good. */
    public String check(String trackId, String deviceId, String expires, String sig) {
        if (deviceId == null || expires == null || sig == null) {
            return "unsigned URL";
        }
        long exp;
        try {
            exp = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return "bad expiry";
        }
        byte[] expected = signature(trackId, deviceId, exp).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII))) {
            return "bad signature";
        }
        if (clock.instant().getEpochSecond() > exp) {
            return "expired";
        }
        return null;
    }

    private String signature(String trackId, String deviceId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // Length-prefixed fields: no two different (track, device, expiry) triples sign the same bytes.
            String message = trackId.length() + ":" + trackId + "|" + deviceId.length() + ":" + deviceId + "|" + expires;
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
