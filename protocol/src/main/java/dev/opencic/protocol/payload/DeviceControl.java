package dev.opencic.protocol.payload;

import java.util.Set;

/**
 * The payloads of the {@code DeviceControl} namespace (CICInterface/DeviceControl.md of the later
 * reference): the server asks the device to change a setting, the device reports what it did and
 * its state, and the account's devices learn each other's state.
 */
public final class DeviceControl {
    private DeviceControl() {}

    /** The {@code command} values of {@link ActionResult}: the directives a device reports on. */
    public static final Set<String> COMMANDS = Set.of("BtConnect", "BtConnectByPINCode", "BtDisconnect",
            "BtStartPairing", "BtStopPairing", "Decrease", "Increase", "LaunchApp", "OpenScreen", "SetValue",
            "TurnOn", "TurnOff");

    /**
     * The {@code target} values the reference names across the directives and the two result events
     * ({@code "app"} for a failed {@code LaunchApp}; {@code "settings"}, OpenScreen's target, for its result).
     */
    public static final Set<String> TARGETS = Set.of("airplane", "app", "bluetooth", "cellular", "channel",
            "energysave", "flashlight", "gps", "power", "powersave", "ring", "screenbrightness", "silent",
            "settings", "soundmode", "vibrate", "volume", "wifi");

    /**
     * Directives {@code Increase}, {@code Decrease} (volume, screenbrightness, channel), {@code TurnOn},
     * {@code TurnOff} (bluetooth, wifi, gps, ...), {@code OpenScreen} ({@code "settings"}) and {@code
     * LaunchApp} (a URL scheme, a relay page URL or the app's name).
     */
    public record Target(String target) implements Payload {}

    /** Directive {@code SetValue}: the value is a string, as the reference writes it ({@code "30"}). */
    public record SetValue(String target, String value) implements Payload {}

    /** Directive {@code BtConnectByPINCode}: the PIN the user gave; an empty one means stop pairing. */
    public record BtConnectByPINCode(String pinCode) implements Payload {}

    /**
     * Directive {@code ExpectReportState}: report now, and then every {@code intervalInSeconds} for
     * {@code durationInSeconds} when those are given (both left out: one report).
     */
    public record ExpectReportState(Long durationInSeconds, Long intervalInSeconds) implements Payload {}

    /** Directive {@code SynchronizeState}: another device of the account and its state. */
    public record SynchronizeState(String deviceId, Device.DeviceState deviceState) implements Payload {}

    /** Events {@code ActionExecuted} and {@code ActionFailed}: what the device did, or could not do. */
    public record ActionResult(String target, String command) implements Payload {}

    /** Event {@code BtRequestForPINCode}: a Bluetooth device asks for a PIN; its name is shown to the user. */
    public record BtRequestForPINCode(String deviceName) implements Payload {}

    /**
     * Directives without fields ({@code BtDisconnect}, {@code BtStartPairing}, {@code BtStopPairing},
     * {@code BtConnect} naming no device) and events without fields ({@code ReportState}, {@code
     * RequestStateSynchronization}, {@code BtRequestToCancelPinCodeInput}).
     */
    public record Empty() implements Payload {}
}
