package dev.opencic.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The tokens the server issued for this device: what a {@link TokenStore} keeps.
 *
 * @param accessToken  the bearer token for CIC requests
 * @param refreshToken the token that obtains a new access token
 * @param tokenType    {@code Bearer}
 * @param expiresIn    lifetime of the access token as issued
 * @param obtainedAt   when the token was issued (by this client's clock)
 */
public record Tokens(String accessToken, String refreshToken, String tokenType, Duration expiresIn, Instant obtainedAt) {

    public Tokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(tokenType, "tokenType");
        Objects.requireNonNull(expiresIn, "expiresIn");
        Objects.requireNonNull(obtainedAt, "obtainedAt");
    }

    /** When the access token stops working. */
    public Instant expiresAt() {
        return obtainedAt.plus(expiresIn);
    }

    /** When the client refreshes ahead of expiry: after 80% of the lifetime. */
    public Instant refreshDueAt() {
        return obtainedAt.plusMillis(expiresIn.toMillis() * 8 / 10);
    }

    @Override
    public String toString() {
        // never log the secrets
        return "Tokens[tokenType=" + tokenType + ", expiresAt=" + expiresAt() + "]";
    }
}
