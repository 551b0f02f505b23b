package dev.opencic.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An issued Clova access token and its refresh token (digests only). {@code modelId} may be null.
 * The refresh token does not expire on its own; it dies when rotated or revoked.
 */
public record DeviceToken(String accessTokenHash, String refreshTokenHash, String accountId,
                          String clientId, String deviceId, String modelId, Instant accessExpiresAt,
                          boolean revoked, Instant createdAt) {
    public DeviceToken {
        Objects.requireNonNull(accessTokenHash, "accessTokenHash");
        Objects.requireNonNull(refreshTokenHash, "refreshTokenHash");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(accessExpiresAt, "accessExpiresAt");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
