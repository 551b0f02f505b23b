package dev.opencic.server.store;

import java.time.Instant;
import java.util.Objects;

/** A single-use authorization code from /authorize, bound to account, client and device. */
public record AuthorizationCode(String codeHash, String accountId, String clientId, String deviceId,
                                String modelId, Instant expiresAt, boolean used, Instant createdAt) {
    public AuthorizationCode {
        Objects.requireNonNull(codeHash, "codeHash");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
