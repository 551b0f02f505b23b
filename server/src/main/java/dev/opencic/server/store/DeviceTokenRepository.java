package dev.opencic.server.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Issued access/refresh token pairs (by digest). Blocking; call off the event loop. */
public interface DeviceTokenRepository {

    void insert(DeviceToken token);

    /** The token row for an access token digest, revoked or not. */
    Optional<DeviceToken> findByAccessHash(String accessTokenHash);

    /** The token row for a refresh token digest, revoked or not. */
    Optional<DeviceToken> findByRefreshHash(String refreshTokenHash);

    /**
     * In one transaction: revokes the non-revoked row whose refresh token digest is
     * {@code oldRefreshHash} and inserts {@code replacement}. Returns the revoked row, or empty (and
     * inserts nothing) when there is no such non-revoked row — so a refresh token can be redeemed at
     * most once even under concurrency.
     */
    Optional<DeviceToken> rotate(String oldRefreshHash, DeviceToken replacement);

    /**
     * Revokes the row with this access token digest (which also kills its refresh token). Returns the
     * row as it was if it was not revoked before, otherwise empty.
     */
    Optional<DeviceToken> revokeByAccessHash(String accessTokenHash);

    /**
     * Revokes every token still valid for this account, client and device -- the family a reused
     * refresh token belongs to -- and returns their access token digests.
     */
    default List<String> revokeFamily(String accountId, String clientId, String deviceId) {
        throw new UnsupportedOperationException("revokeFamily");
    }

    /** For each client with any, how many devices hold a live (not revoked) token of it. */
    default Map<String, Integer> liveDevicesPerClient() {
        throw new UnsupportedOperationException("liveDevicesPerClient");
    }
}
