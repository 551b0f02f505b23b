package dev.opencic.server.auth;

import dev.opencic.server.store.Client;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device authorisation grant (RFC 8628 style, issue 23), beside the reference's authorisation-code
 * flow: a device without a keyboard asks for a code ({@link #start}), shows the short user code and
 * the console's URL; a signed-in person enters it in the console, sees which client and device asks
 * ({@link #pending}) and approves or denies; the device's polling ({@link #poll}) then gets a token
 * pair once, issued through the same authorisation code and {@link TokenService#exchangeCode} as
 * every other device, so its tokens are like any other's (refresh, revoke, delete).
 *
 * <p>Table {@code device_authorizations} (V20); the device code is kept only as its digest. Blocking.
 */
public final class DeviceCodeGrant {

    private static final Logger log = LoggerFactory.getLogger(DeviceCodeGrant.class);
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    /** The least time between two polls of one code (RFC 8628 {@code interval}). */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /** No vowels (no words spelled by chance), no look-alikes of digits. */
    private static final String USER_CODE_LETTERS = "BCDFGHJKLMNPQRSTVWXZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final ClientService clients;
    private final TokenService tokens;
    private final Clock clock;
    private final Duration ttl;

    /** What a device gets from {@link #start}. */
    public record Started(String deviceCode, String userCode, long expiresInSeconds, long intervalSeconds) {}

    /** A code waiting for approval, as the console shows it. */
    public record PendingDevice(String userCode, String clientId, String clientName, String deviceId, String modelId,
                                Instant expiresAt) {}

    public DeviceCodeGrant(Jdbi jdbi, ClientService clients, TokenService tokens, Clock clock, Duration ttl) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = AccountService.requirePositive(ttl, "ttl");
    }

    /**
     * A new device code and user code for this client's device.
     *
     * @throws OAuthException invalid_client for bad client credentials, invalid_request for a bad id
     */
    public Started start(String clientId, String clientSecret, String deviceId, String modelId) {
        Client client = clients.authenticate(clientId, clientSecret);
        check("device_id", deviceId, TokenService.MAX_DEVICE_ID_LENGTH);
        if (modelId != null) {
            check("model_id", modelId, TokenService.MAX_MODEL_ID_LENGTH);
        }
        String deviceCode = Secrets.newSecret();
        Instant now = clock.instant();
        for (int attempt = 0; ; attempt++) {
            String userCode = newUserCode();
            try {
                jdbi.useHandle(h -> h.createUpdate("""
                                INSERT INTO device_authorizations (device_code_hash, user_code, client_id, device_id,
                                    model_id, account_id, status, expires_at, polled_at, created_at)
                                VALUES (:hash, :user, :client, :device, :model, NULL, 'pending', :expires, NULL, :now)""")
                        .bind("hash", Secrets.sha256(deviceCode)).bind("user", userCode)
                        .bind("client", client.clientId()).bind("device", deviceId).bind("model", modelId)
                        .bind("expires", now.plus(ttl).toEpochMilli()).bind("now", now.toEpochMilli()).execute());
                log.info("event=DeviceCodeIssued client={} device={}", client.clientId(), deviceId);
                return new Started(deviceCode, userCode, ttl.toSeconds(), POLL_INTERVAL.toSeconds());
            } catch (RuntimeException e) {
                // A user code taken by another pending request (1 in 25 billion): draw again, a few times.
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /** The unexpired, undecided request with this user code (any case, dash optional). */
    public Optional<PendingDevice> pending(String userCode) {
        String code = normalise(userCode);
        if (code == null) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT d.user_code, d.client_id, c.name, d.device_id, d.model_id, d.expires_at
                        FROM device_authorizations d JOIN clients c ON c.client_id = d.client_id
                        WHERE d.user_code = :code AND d.status = 'pending' AND d.expires_at > :now""")
                .bind("code", code).bind("now", clock.millis())
                .map((rs, ctx) -> new PendingDevice(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), Instant.ofEpochMilli(rs.getLong(6))))
                .findOne());
    }

    /** Approves the pending request for {@code accountId}; false if it is unknown, expired or decided. */
    public boolean approve(String userCode, String accountId) {
        return decide(userCode, "approved", Objects.requireNonNull(accountId, "accountId"));
    }

    /** Denies the pending request; false if it is unknown, expired or decided. */
    public boolean deny(String userCode) {
        return decide(userCode, "denied", null);
    }

    private boolean decide(String userCode, String status, String accountId) {
        String code = normalise(userCode);
        if (code == null) {
            return false;
        }
        int rows = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE device_authorizations SET status = :status, account_id = :account
                        WHERE user_code = :code AND status = 'pending' AND expires_at > :now""")
                .bind("status", status).bind("account", accountId).bind("code", code).bind("now", clock.millis())
                .execute());
        return rows == 1;
    }

    /**
     * grant_type=urn:ietf:params:oauth:grant-type:device_code: the token pair once approved.
     *
     * @throws OAuthException authorization_pending, slow_down, access_denied, expired_token (also for a
     *         code already redeemed or unknown), invalid_client, invalid_grant (another client or device)
     */
    public IssuedTokens poll(String clientId, String clientSecret, String deviceCode, String deviceId) {
        Client client = clients.authenticate(clientId, clientSecret);
        check("device_code", deviceCode, 256);
        String hash = Secrets.sha256(deviceCode);
        Instant now = clock.instant();
        record Row(String clientId, String deviceId, String modelId, String accountId, String status,
                   long expiresAt, Long polledAt) {}
        Row row = jdbi.withHandle(h -> h.createQuery("""
                        SELECT client_id, device_id, model_id, account_id, status, expires_at, polled_at
                        FROM device_authorizations WHERE device_code_hash = :hash""")
                .bind("hash", hash)
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), (Long) rs.getObject(7, Long.class)))
                .findOne()).orElseThrow(() -> new OAuthException(OAuthError.EXPIRED_TOKEN, "device code is unknown"));
        if (!row.clientId().equals(client.clientId()) || !row.deviceId().equals(deviceId)) {
            throw new OAuthException(OAuthError.INVALID_GRANT, "device code was issued to another client or device");
        }
        if (now.toEpochMilli() >= row.expiresAt() || "redeemed".equals(row.status())) {
            throw new OAuthException(OAuthError.EXPIRED_TOKEN, "device code has expired or was already used");
        }
        switch (row.status()) {
            case "denied" -> throw new OAuthException(OAuthError.ACCESS_DENIED, "the request was denied");
            case "pending" -> {
                jdbi.useHandle(h -> h.createUpdate("UPDATE device_authorizations SET polled_at = :now "
                        + "WHERE device_code_hash = :hash").bind("now", now.toEpochMilli()).bind("hash", hash).execute());
                if (row.polledAt() != null && now.toEpochMilli() - row.polledAt() < POLL_INTERVAL.toMillis()) {
                    throw new OAuthException(OAuthError.SLOW_DOWN, "polling faster than the interval");
                }
                throw new OAuthException(OAuthError.AUTHORIZATION_PENDING, "not approved yet");
            }
            default -> { }
        }
        // Approved: redeemed by exactly one poll, whoever wins a race.
        int claimed = jdbi.withHandle(h -> h.createUpdate("UPDATE device_authorizations SET status = 'redeemed' "
                + "WHERE device_code_hash = :hash AND status = 'approved'").bind("hash", hash).execute());
        if (claimed != 1) {
            throw new OAuthException(OAuthError.EXPIRED_TOKEN, "device code was already used");
        }
        String code = tokens.createAuthorizationCode(row.accountId(), client.clientId(), row.deviceId(), row.modelId());
        return tokens.exchangeCode(client.clientId(), clientSecret, code, row.deviceId(), row.modelId());
    }

    /** Deletes requests that expired; returns how many. */
    public int purgeExpired() {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM device_authorizations WHERE expires_at <= :now")
                .bind("now", clock.millis()).execute());
    }

    private static String newUserCode() {
        StringBuilder b = new StringBuilder(9);
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                b.append('-');
            }
            b.append(USER_CODE_LETTERS.charAt(RANDOM.nextInt(USER_CODE_LETTERS.length())));
        }
        return b.toString();
    }

    /** "bcdf ghjk", "BCDFGHJK" and "BCDF-GHJK" are the same code; anything else is no code. */
    static String normalise(String userCode) {
        if (userCode == null) {
            return null;
        }
        String letters = userCode.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
        if (letters.length() != 8 || !letters.chars().allMatch(c -> USER_CODE_LETTERS.indexOf(c) >= 0)) {
            return null;
        }
        return letters.substring(0, 4) + "-" + letters.substring(4);
    }

    private static void check(String name, String value, int max) {
        if (value == null || value.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_REQUEST, "missing required parameter: " + name);
        }
        if (value.length() > max) {
            throw new OAuthException(OAuthError.INVALID_REQUEST, "parameter " + name + " is longer than " + max);
        }
    }
}
