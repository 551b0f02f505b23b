package dev.opencic.server.auth;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Checks a Clova access token on the event path. Implementations answer from memory for tokens they
 * have seen (no database round trip per request) and must never answer for an expired or revoked
 * token.
 */
public interface AccessTokenVerifier {

    /**
     * The identity the token stands for, or empty when it is unknown, expired or revoked. Completes
     * on the calling thread when the answer is cached, otherwise off the event loop.
     */
    CompletableFuture<Optional<DeviceIdentity>> verify(String accessToken);
}
