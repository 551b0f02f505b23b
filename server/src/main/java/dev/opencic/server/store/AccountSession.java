package dev.opencic.server.store;

import java.time.Instant;
import java.util.Objects;

/** An account login: the digest of the account access token returned by /accounts/login. */
public record AccountSession(String tokenHash, String accountId, Instant expiresAt, Instant createdAt) {
    public AccountSession {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
