package dev.opencic.server.api;

import java.util.Objects;

/**
 * Who is on the other end of an access token: the account that authorised it, the client (device
 * maker's app) it was issued to, and the device it is bound to. One downchannel exists per identity.
 */
public record DeviceIdentity(String accountId, String clientId, String deviceId) {
    public DeviceIdentity {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(deviceId, "deviceId");
    }
}
