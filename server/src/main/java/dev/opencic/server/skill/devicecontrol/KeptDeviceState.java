package dev.opencic.server.skill.devicecontrol;

import java.time.Instant;
import java.util.Objects;

/**
 * What the server keeps of one device: its last reported {@code Device.DeviceState} as JSON (null
 * until it reports one) and the last action it reported on ({@code lastTarget}, {@code lastCommand},
 * and whether it succeeded; null until it reports one).
 */
record KeptDeviceState(String accountId, String deviceId, String stateJson, String lastTarget, String lastCommand,
                       Boolean lastSucceeded, Instant updatedAt) {

    /** The largest state kept; a device reporting more gets {@code 400}. */
    static final int MAX_STATE_CHARS = 16_000;

    KeptDeviceState {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (stateJson != null && stateJson.length() > MAX_STATE_CHARS) {
            throw new IllegalArgumentException("stateJson: " + stateJson.length() + " characters (expected: at most "
                    + MAX_STATE_CHARS + ")");
        }
        if ((lastTarget == null) != (lastCommand == null) || (lastTarget == null) != (lastSucceeded == null)) {
            throw new IllegalArgumentException("lastTarget, lastCommand and lastSucceeded: all or none");
        }
    }
}
