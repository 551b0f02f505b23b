package dev.opencic.server.skill.devicecontrol;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.Device;
import dev.opencic.protocol.payload.DeviceControl;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.protocol.payload.Speaker;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.Reply;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Requests to control the device itself, answered with {@code DeviceControl} directives as the
 * later reference prescribes: "turn the volume to five" ({@code SetValue volume}), "brighter",
 * "darker", "set the brightness to 70" ({@code Increase}/{@code Decrease}/{@code SetValue
 * screenbrightness}), "turn on bluetooth" ({@code TurnOn}/{@code TurnOff}), "open settings"
 * ({@code OpenScreen}), "launch the maps app" ({@code LaunchApp}), Bluetooth pairing and its PIN.
 * Louder and quieter stay with the volume skill, which uses {@code DeviceControl} for devices that
 * declare it and the 2017 {@code PlaybackController} directives otherwise.
 *
 * <p>Before sending, the device's {@code Device.DeviceState} says whether it can (workflow step 2 of
 * the reference: the {@code actions} of the target's info object). A device that reports a state
 * without that action is told so in words and gets no directive; a device that reports no state at
 * all gets the directive and reports {@code ActionFailed} if it cannot. Volume changes are made
 * without a voice (the reference: no Speak over the music); the others are said.
 */
final class DeviceControlSkill implements Skill {

    /** Speaker.VolumeState's range, for a device that reports no volume info object. */
    private static final int VOLUME_MAX = 10;

    /** Words of the utterance that name a TurnOn/TurnOff target, longest first where they overlap. */
    private static final List<Map.Entry<String, String>> FEATURES = List.of(
            Map.entry("bluetooth", "bluetooth"), Map.entry("wi fi", "wifi"), Map.entry("wifi", "wifi"),
            Map.entry("gps", "gps"), Map.entry("location", "gps"), Map.entry("flashlight", "flashlight"),
            Map.entry("torch", "flashlight"), Map.entry("airplane", "airplane"), Map.entry("flight", "airplane"),
            Map.entry("power saving", "energysave"), Map.entry("energy saving", "energysave"),
            Map.entry("battery saving", "energysave"), Map.entry("mobile data", "cellular"),
            Map.entry("cellular", "cellular"));

    private static final Map<String, String> SPOKEN = Map.of("bluetooth", "Bluetooth", "wifi", "Wi-Fi", "gps",
            "location", "flashlight", "the flashlight", "airplane", "airplane mode", "energysave",
            "power saving mode", "cellular", "mobile data");

    private final PinRequests pins;
    private final AccountDevices devices;

    DeviceControlSkill(PinRequests pins, AccountDevices devices) {
        this.pins = pins;
        this.devices = devices;
    }

    @Override
    public Set<String> intents() {
        return Set.of("device.volume.set", "device.brightness.up", "device.brightness.down", "device.brightness.set",
                "device.turn.on", "device.turn.off", "device.settings.open", "device.app.launch",
                "device.bluetooth.pair", "device.bluetooth.stoppairing", "device.bluetooth.connect",
                "device.bluetooth.disconnect", "device.bluetooth.pin");
    }

    @Override
    public CompletableFuture<SkillAnswer> answer(SkillRequest request) {
        String dialog = request.event().dialogRequestId();
        Optional<Device.DeviceState> state = EventPayloads.context(request.event().event(), Namespaces.DEVICE,
                "DeviceState", Device.DeviceState.class);
        Control control = new Control(state, dialog);
        SkillAnswer answer = switch (request.intent().intent()) {
            case "device.volume.set" -> volume(request, state, control);
            case "device.brightness.up" -> control.said("screenbrightness", "Increase", "Brighter.",
                    "This device can't change its screen brightness.");
            case "device.brightness.down" -> control.said("screenbrightness", "Decrease", "Darker.",
                    "This device can't change its screen brightness.");
            case "device.brightness.set" -> brightness(request, state, control);
            case "device.turn.on", "device.turn.off" -> turn(request, control);
            case "device.settings.open" -> control.said("settings", "OpenScreen", "Opening the settings.", null);
            case "device.app.launch" -> launch(request, control);
            case "device.bluetooth.pair" -> control.said("bluetooth", "BtStartPairing",
                    "Bluetooth pairing is on. Look for this device on your phone or speaker.", NO_BLUETOOTH);
            case "device.bluetooth.stoppairing" -> control.said("bluetooth", "BtStopPairing",
                    "Bluetooth pairing is off.", NO_BLUETOOTH);
            case "device.bluetooth.connect" -> control.said("bluetooth", "BtConnect",
                    "Connecting to your Bluetooth device.", NO_BLUETOOTH);
            case "device.bluetooth.disconnect" -> control.said("bluetooth", "BtDisconnect",
                    "Disconnecting Bluetooth.", NO_BLUETOOTH);
            case "device.bluetooth.pin" -> pin(request, dialog);
            default -> throw new IllegalArgumentException("not a device control intent: " + request.intent().intent());
        };
        return answer.done();
    }

    private static final String NO_BLUETOOTH = "This device can't do that with Bluetooth.";

    private static SkillAnswer volume(SkillRequest request, Optional<Device.DeviceState> state, Control control) {
        OptionalInt level = SpokenNumbers.level(request.intent().slot("level"));
        Optional<Device.Level> info = state.map(Device.DeviceState::volume);
        int min = info.map(Device.Level::min).orElse(0);
        int max = info.map(Device.Level::max).orElseGet(() -> VOLUME_MAX);
        if (level.isEmpty() || level.getAsInt() < min || level.getAsInt() > max) {
            return SkillAnswer.say("The volume goes from " + min + " to " + max + ".");
        }
        if (!control.can("volume", "SetValue")) {
            return SkillAnswer.say("This device can't set its volume to a number. Say louder or quieter instead.");
        }
        boolean current = info.map(Device.Level::value).or(() -> volumeState(request)).stream()
                .anyMatch(v -> v == level.getAsInt());
        if (current) {
            return SkillAnswer.say("The volume is already at " + level.getAsInt() + ".");
        }
        return SkillAnswer.silently("Volume " + level.getAsInt() + ".",
                control.directive("SetValue", new DeviceControl.SetValue("volume", Integer.toString(level.getAsInt()))));
    }

    private static Optional<Integer> volumeState(SkillRequest request) {
        return EventPayloads.context(request.event().event(), Namespaces.SPEAKER, "VolumeState", Speaker.VolumeState.class)
                .map(Speaker.VolumeState::volume);
    }

    private static SkillAnswer brightness(SkillRequest request, Optional<Device.DeviceState> state, Control control) {
        OptionalInt level = SpokenNumbers.level(request.intent().slot("level"));
        Optional<Device.Level> info = state.map(Device.DeviceState::screenBrightness);
        int min = info.map(Device.Level::min).orElse(0);
        int max = info.map(Device.Level::max).orElse(100);
        if (level.isEmpty() || level.getAsInt() < min || level.getAsInt() > max) {
            return SkillAnswer.say("The brightness goes from " + min + " to " + max + ".");
        }
        String value = Integer.toString(level.getAsInt());
        return control.said("screenbrightness", "SetValue", new DeviceControl.SetValue("screenbrightness", value),
                "Brightness " + value + ".", "This device can't change its screen brightness.");
    }

    private static SkillAnswer turn(SkillRequest request, Control control) {
        boolean on = request.intent().intent().equals("device.turn.on");
        String words = " " + request.utterance().toLowerCase(Locale.ROOT).replace('-', ' ') + " ";
        Optional<String> target = FEATURES.stream().filter(f -> words.contains(" " + f.getKey() + " "))
                .map(Map.Entry::getValue).findFirst();
        if (target.isEmpty()) {
            return SkillAnswer.say("I can turn Bluetooth, Wi-Fi, location, the flashlight, airplane mode and power saving"
                                   + " mode on or off.");
        }
        String name = SPOKEN.get(target.get());
        String command = on ? "TurnOn" : "TurnOff";
        return control.said(target.get(), command, new DeviceControl.Target(target.get()),
                "Turning " + (on ? "on " : "off ") + name + ".",
                "This device can't turn " + name + (on ? " on." : " off."));
    }

    private static SkillAnswer launch(SkillRequest request, Control control) {
        String app = request.intent().slot("app");
        if (app == null || app.isBlank() || app.length() > 100) {
            return SkillAnswer.say("Which app should I open?");
        }
        app = app.strip();
        // Apps are not in the DeviceState's info objects: a device that cannot launch one says so with ActionFailed.
        return SkillAnswer.say("Opening " + app + ".")
                .withDirectives(control.directive("LaunchApp", new DeviceControl.Target(app)));
    }

    private SkillAnswer pin(SkillRequest request, String dialog) {
        String pin = SpokenNumbers.digits(request.intent().slot("pin"));
        if (pin.isEmpty()) {
            return SkillAnswer.say("Please say the PIN digit by digit.");
        }
        Optional<PinRequests.Request> waiting = pins.take(request.event().device());
        if (waiting.isEmpty()) {
            return SkillAnswer.say("No Bluetooth device is waiting for a PIN.");
        }
        PinRequests.Request r = waiting.get();
        if (!r.device().equals(request.event().device())) {
            // Said on another device of the account (the app): the PIN goes to the one that asked.
            devices.push(r.device(), Reply.of(Directive.of(new DeviceControl.BtConnectByPINCode(pin))));
            return SkillAnswer.say("Sending the PIN for " + r.bluetoothName() + ".");
        }
        return SkillAnswer.say("Connecting to " + r.bluetoothName() + ".")
                .withDirectives(Directive.of(dialog, new DeviceControl.BtConnectByPINCode(pin)));
    }

    /** What the device declares it can do, and the directives for it under the request's dialog. */
    private record Control(Optional<Device.DeviceState> state, String dialog) {

        /** Whether to send {@code command} for {@code target}: declared, or no state to tell. */
        boolean can(String target, String command) {
            if (state.isEmpty() || target.equals("settings")) {
                return true; // nothing reported to check against; OpenScreen has no info object
            }
            return state.get().actionsFor(target).map(a -> a.contains(command)).orElse(false);
        }

        Directive directive(String name, Payload payload) {
            return Directive.of(Namespaces.DEVICE_CONTROL, name, dialog, payload);
        }

        /** A directive with a spoken answer, or the refusal when the device declares it cannot. */
        SkillAnswer said(String target, String command, Payload payload, String done,
                         String cannot) {
            if (!can(target, command)) {
                return SkillAnswer.say(cannot);
            }
            return SkillAnswer.say(done).withDirectives(directive(command, payload));
        }

        /** As above with the payload the command takes for a target: {target} or none for Bluetooth commands. */
        SkillAnswer said(String target, String command, String done, String cannot) {
            Payload payload = command.startsWith("Bt")
                    ? new DeviceControl.Empty() : new DeviceControl.Target(target);
            return said(target, command, payload, done, cannot);
        }
    }
}
