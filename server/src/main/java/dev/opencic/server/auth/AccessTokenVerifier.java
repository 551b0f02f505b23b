package dev.opencic.server.auth;

import dev.opencic.server.api.DeviceIdentity;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Checks a Clova access token on the event path. Implementations answer from memory for tokens they
 * have seen (no database round trip per request) and must never answer for an expired or revoked
 * token.
 */
public interface AccessTokenVerifier {

    /**
     * A positive answer for one token, with what it takes to trust it again without asking:
     * {@link #isStillValid} is true until the token expires or anything is revoked after the answer
     * was given. The transport keeps one per connection, so the many events a device sends on its
     * connection skip the digest and the cache lookup.
     *
     * @param revocationStamp the verifier's revocation counter read before the answer was looked up
     */
    record VerifiedToken(DeviceIdentity identity, Instant expiresAt, long revocationStamp) {}

    /**
     * The token's verified identity, or empty when it is unknown, expired or revoked. Completes on
     * the calling thread when the answer is cached, otherwise off the event loop.
     */
    CompletableFuture<Optional<VerifiedToken>> verifyToken(String accessToken);

    /**
     * Whether an earlier answer still holds: not expired, and no revocation (of any token) since it
     * was given. Cheap: no digest, no lookup.
     */
    boolean isStillValid(VerifiedToken verified);

    /** {@link #verifyToken} reduced to the identity. */
    default CompletableFuture<Optional<DeviceIdentity>> verify(String accessToken) {
        return verifyToken(accessToken).thenApply(v -> v.map(VerifiedToken::identity));
    }
}
