package dev.opencic.server.skill.devicecontrol;

import dev.opencic.server.api.DeviceIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bluetooth devices waiting for a PIN: a device's {@code BtRequestForPINCode} is kept here until
 * the user says the PIN ("the PIN is 1234", answered with {@code BtConnectByPINCode}) on that device
 * or on another of the account's (the Clova app, where the reference shows the PIN screen), the
 * device cancels ({@code BtRequestToCancelPinCodeInput}), or {@link #PATIENCE} passes. Kept in memory: a
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

    /** A device waiting for a PIN and the name of the Bluetooth device that asks for it. */
    record Request(DeviceIdentity device, String bluetoothName) {}

    /**
     * The request the PIN said on {@code speaking} answers, taken: the device's own, else the
     * newest of another device of the same account.
     */
    Optional<Request> take(DeviceIdentity speaking) {
        Instant oldest = clock.instant().minus(PATIENCE);
        waiting.entrySet().removeIf(e -> e.getValue().since().isBefore(oldest));
        Optional<DeviceIdentity> device = waiting.containsKey(speaking) ? Optional.of(speaking)
                : waiting.entrySet().stream().filter(e -> e.getKey().accountId().equals(speaking.accountId()))
                        .max(Comparator.comparing(e -> e.getValue().since())).map(Map.Entry::getKey);
        return device.flatMap(d -> Optional.ofNullable(waiting.remove(d)).map(w -> new Request(d, w.bluetoothName())));
    }
}
