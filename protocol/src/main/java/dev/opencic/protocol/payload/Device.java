package dev.opencic.protocol.payload;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Device} context objects (ContextObjects/DeviceState.md of the later reference): what a
 * device is and can do. Each info object lists in {@code actions} the {@code DeviceControl}
 * directives the device supports for it; the server reads those before sending one.
 */
public final class Device {
    private Device() {}

    /**
     * Context object {@code DeviceState}: {@code localTime} (ISO 8601, the only field of the 2017
     * reference) and the info objects the device has, each optional. Fields in the reference's order.
     */
    public record DeviceState(Toggle airplane, Battery battery, Bluetooth bluetooth, Toggle cellular,
                              Channel channel, Toggle energySavingMode, Toggle flashLight, Toggle gps,
                              String localTime, Toggle power, Level screenBrightness, Toggle soundMode,
                              SoundOutput soundOutput, Level volume, Wifi wifi) implements Payload {

        /** A state with only the local time, as 2017 devices send it. */
        public static DeviceState ofLocalTime(String localTime) {
            return new DeviceState(null, null, null, null, null, null, null, null, localTime, null, null, null,
                    null, null, null);
        }

        /**
         * The {@code actions} the device lists for a {@code DeviceControl} target ({@code "volume"},
         * {@code "screenbrightness"}, {@code "bluetooth"}, ...), or empty when it reports no info
         * object for that target (the target names of the directives differ from the field names
         * here: {@code "screenbrightness"} is {@code screenBrightness}, {@code "energysave"} and
         * {@code "powersave"} are {@code energySavingMode}, {@code "ring"}/{@code "silent"}/{@code
         * "vibrate"} are {@code soundMode}).
         */
        public Optional<List<String>> actionsFor(String target) {
            List<String> actions = switch (target.toLowerCase(Locale.ROOT)) {
                case "airplane" -> airplane == null ? null : airplane.actions();
                case "bluetooth" -> bluetooth == null ? null : bluetooth.actions();
                case "cellular" -> cellular == null ? null : cellular.actions();
                case "channel" -> channel == null ? null : channel.actions();
                case "energysave", "powersave" -> energySavingMode == null ? null : energySavingMode.actions();
                case "flashlight" -> flashLight == null ? null : flashLight.actions();
                case "gps" -> gps == null ? null : gps.actions();
                case "power" -> power == null ? null : power.actions();
                case "screenbrightness" -> screenBrightness == null ? null : screenBrightness.actions();
                case "soundmode", "ring", "silent", "vibrate" -> soundMode == null ? null : soundMode.actions();
                case "volume" -> volume == null ? null : volume.actions();
                case "wifi" -> wifi == null ? null : wifi.actions();
                default -> null;
            };
            return Optional.ofNullable(actions);
        }
    }

    /**
     * An info object that is on or off (airplane, cellular, energySavingMode, flashLight, gps) or in
     * one of a few states ({@code power}: active/idle; {@code soundMode}: ring/silent/vibrate).
     */
    public record Toggle(List<String> actions, String state) {
        public Toggle {
            actions = copy(actions);
        }
    }

    /** {@code battery}: percent left and whether it is charging (no actions exist for it). */
    public record Battery(List<String> actions, Integer value, Boolean charging) {
        public Battery {
            actions = copy(actions);
        }
    }

    /** {@code bluetooth}: on or off, the paired devices and those found by a scan. */
    public record Bluetooth(List<String> actions, List<BluetoothDevice> btlist, List<BluetoothDevice> scanlist,
                            String state) {
        public Bluetooth {
            actions = copy(actions);
            btlist = copy(btlist);
            scanlist = copy(scanlist);
        }
    }

    /**
     * A Bluetooth device: in {@code btlist} (paired: name, address, connected), in {@code scanlist}
     * (found: name, address, role {@code sink}/{@code source}), and the payload of {@code
     * DeviceControl.BtConnect} (all four). Fields a list does not use are null and left out.
     */
    public record BluetoothDevice(String name, String address, Boolean connected, String role) implements Payload {}

    /** {@code channel}: a TV's channel controls (actions only). */
    public record Channel(List<String> actions) {
        public Channel {
            actions = copy(actions);
        }
    }

    /** {@code volume} and {@code screenBrightness}: a value between min and max; {@code warning} only for volume. */
    public record Level(List<String> actions, Integer min, Integer max, Integer warning, Integer value) {
        public Level {
            actions = copy(actions);
        }

        public Level(List<String> actions, int min, int max, int value) {
            this(actions, min, max, null, value);
        }
    }

    /** {@code soundOutput}: builtin, aux, bluetooth or airplay. */
    public record SoundOutput(String type) {}

    /** {@code wifi}: on or off and the networks seen. */
    public record Wifi(List<String> actions, List<WifiNetwork> networks, String state) {
        public Wifi {
            actions = copy(actions);
            networks = copy(networks);
        }
    }

    /** One network of {@link Wifi}. */
    public record WifiNetwork(String name, Boolean connected) {}

    /**
     * Context object {@code Display} (ContextObjects/Display.md): {@code size} {@code none}, {@code
     * s100}, {@code m100}, {@code l100}, {@code xl100} or {@code custom} (then {@code contentLayer}
     * gives the content area in pixels); {@code dpi} and {@code orientation} ({@code landscape},
     * {@code portrait}) unless there is no display.
     */
    public record Display(ContentLayer contentLayer, Integer dpi, String orientation, String size) implements Payload {}

    /** The content area of a {@link Display}, in pixels. */
    public record ContentLayer(Integer width, Integer height) {}

    /** An immutable copy; null stays null (the field is left out when written). */
    private static <T> List<T> copy(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }
}
