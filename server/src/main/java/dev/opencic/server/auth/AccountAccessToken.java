package dev.opencic.server.auth;

import java.time.Instant;
import java.util.Objects;

/** The account access token returned by a login. {@link #toString()} hides the token. */
public record AccountAccessToken(String accessToken, String accountId, Instant expiresAt, long expiresInSeconds) {
    public AccountAccessToken {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "AccountAccessToken[accountId=" + accountId + ", expiresAt=" + expiresAt + ", accessToken=***]";
    }
}
