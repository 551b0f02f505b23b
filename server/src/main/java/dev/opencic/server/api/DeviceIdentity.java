package dev.opencic.server.api;

import java.util.Objects;

/**
 * Who is on the other end of an access token: the account that authorised it, the client (device
 * maker's app) it was issued to, and the device it is bound to. One downchannel exists per identity.
 */
public record DeviceIdentity(String accountId, String clientId, String deviceId) {

    /**
     * How the ids of guest accounts begin (guest mode: a token from {@code /authorize} with {@code
     * request_vu=Y} and no account login). Real accounts' ids are UUIDs, which never do.
     */
    public static final String GUEST_PREFIX = "guest-";

    public DeviceIdentity {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(deviceId, "deviceId");
    }

    /** Whether the device runs in guest mode: no user's account, only what needs none. */
    public boolean isGuest() {
        return accountId.startsWith(GUEST_PREFIX);
    }
}
