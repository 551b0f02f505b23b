package dev.opencic.server.auth;

import dev.opencic.server.api.DeviceIdentity;
import java.util.Objects;

/**
 * A freshly issued Clova access token and refresh token, as returned by /token.
 * {@link #toString()} hides both tokens.
 */
public record IssuedTokens(String accessToken, String refreshToken, long expiresInSeconds,
                           DeviceIdentity identity) {
    public IssuedTokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(identity, "identity");
    }

    @Override
    public String toString() {
        return "IssuedTokens[identity=" + identity + ", expiresInSeconds=" + expiresInSeconds
               + ", accessToken=***, refreshToken=***]";
    }
}
