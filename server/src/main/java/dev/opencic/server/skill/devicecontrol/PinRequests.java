package dev.opencic.server.skill.devicecontrol;

import dev.opencic.server.api.DeviceIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bluetooth devices waiting for a PIN: a device's {@code BtRequestForPINCode} is kept here until
 * the user says the PIN ("the PIN is 1234", answered with {@code BtConnectByPINCode}), the device
 * cancels ({@code BtRequestToCancelPinCodeInput}), or {@link #PATIENCE} passes. Kept in memory: a
 * pairing in progress does not outlive the device's Bluetooth session, let alone a server restart.
 */
final class PinRequests {

    /** How long a PIN request waits for the user. */
    static final Duration PATIENCE = Duration.ofMinutes(2);

    private record Waiting(String bluetoothName, Instant since) {}

    private final Clock clock;
    private final Map<DeviceIdentity, Waiting> waiting = new ConcurrentHashMap<>();

    PinRequests(Clock clock) {
        this.clock = clock;
    }

    void requested(DeviceIdentity device, String bluetoothName) {
        waiting.put(device, new Waiting(bluetoothName, clock.instant()));
    }

    void cancelled(DeviceIdentity device) {
        waiting.remove(device);
    }

    /** The name of the Bluetooth device waiting for {@code device}'s PIN, taking the request. */
    Optional<String> take(DeviceIdentity device) {
        Waiting w = waiting.remove(device);
        if (w == null || w.since().plus(PATIENCE).isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(w.bluetoothName());
    }
}
