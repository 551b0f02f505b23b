package dev.opencic.device;

import dev.opencic.client.ContextProvider;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.agent.DeviceControlAgent;
import dev.opencic.client.context.DeviceStateContext;
import dev.opencic.client.context.VolumeStateContext;
import dev.opencic.protocol.payload.Device;
import dev.opencic.protocol.payload.DeviceControl;
import java.util.List;
import java.util.Optional;

/**
 * What the reference device does with {@code DeviceControl}: the volume is its audio output's (the
 * music player's {@code Speaker.VolumeState}, 0 to 10, which sets the gain); it has no screen and
 * no Bluetooth radio, so brightness and Bluetooth commands are printed as what it cannot do, and
 * the state it would have is reported ({@code Device.DeviceState}, sent with every event). It
 * cannot open a settings screen or launch apps ({@code ActionFailed}). Other devices' states
 * ({@code SynchronizeState}) are printed.
 */
final class DeviceControls extends DeviceControlAgent {

    private static final List<String> LEVEL = List.of("Increase", "Decrease", "SetValue");
    private static final List<String> BLUETOOTH = List.of("TurnOn", "TurnOff", "BtConnect", "BtConnectByPINCode",
            "BtDisconnect", "BtStartPairing", "BtStopPairing");
    private static final int BRIGHTNESS_STEP = 10;

    private final DirectivePrinter printer;
    private final VolumeStateContext volume;
    private final DeviceStateContext state = new DeviceStateContext();
    private int brightness = 70;
    private boolean bluetoothOn;

    DeviceControls(DirectivePrinter printer, VolumeStateContext volume) {
        this.printer = printer;
        this.volume = volume;
    }

    /** {@code Device.DeviceState} as of now: the volume read from the audio output at each event. */
    ContextProvider context() {
        return () -> {
            synchronized (this) {
                state.set("volume", new Device.Level(LEVEL, 0, 10, volume.volume()));
                state.set("screenBrightness", new Device.Level(LEVEL, 0, 100, brightness));
                state.set("bluetooth", new Device.Bluetooth(BLUETOOTH, List.of(), List.of(), bluetoothOn ? "on" : "off"));
                state.set("soundOutput", new Device.SoundOutput("builtin"));
                return state.context();
            }
        };
    }

    @Override
    protected synchronized boolean onSetValue(DeviceControl.SetValue p, ReceivedDirective d) {
        int value;
        try {
            value = Integer.parseInt(p.value());
        } catch (NumberFormatException e) {
            printer.warn("DeviceControl.SetValue: not a number: " + p.value());
            return false;
        }
        return switch (p.target()) {
            case "volume" -> setVolume(value);
            case "screenbrightness" -> setBrightness(value);
            default -> cannot(p.target() + " " + p.value());
        };
    }

    @Override
    protected synchronized boolean onIncrease(DeviceControl.Target p, ReceivedDirective d) {
        return step(p.target(), +1);
    }

    @Override
    protected synchronized boolean onDecrease(DeviceControl.Target p, ReceivedDirective d) {
        return step(p.target(), -1);
    }

    @Override
    protected synchronized boolean onTurnOn(DeviceControl.Target p, ReceivedDirective d) {
        return turn(p.target(), true);
    }

    @Override
    protected synchronized boolean onTurnOff(DeviceControl.Target p, ReceivedDirective d) {
        return turn(p.target(), false);
    }

    @Override
    protected boolean onOpenScreen(DeviceControl.Target p, ReceivedDirective d) {
        return cannot("open the " + p.target() + " screen: no screen");
    }

    @Override
    protected boolean onLaunchApp(DeviceControl.Target p, ReceivedDirective d) {
        return cannot("launch " + p.target() + ": no apps");
    }

    @Override
    protected boolean onBtConnect(Device.BluetoothDevice p, ReceivedDirective d) {
        return pretend("connect to " + (p.name() != null ? p.name() : "the last Bluetooth device"));
    }

    @Override
    protected boolean onBtConnectByPinCode(DeviceControl.BtConnectByPINCode p, ReceivedDirective d) {
        return pretend(p.pinCode().isEmpty() ? "stop pairing (no PIN given)" : "connect with PIN " + p.pinCode());
    }

    @Override
    protected boolean onBtDisconnect(ReceivedDirective d) {
        return pretend("disconnect Bluetooth");
    }

    @Override
    protected boolean onBtStartPairing(ReceivedDirective d) {
        return pretend("start Bluetooth pairing");
    }

    @Override
    protected boolean onBtStopPairing(ReceivedDirective d) {
        return pretend("stop Bluetooth pairing");
    }

    @Override
    protected void onSynchronizeState(DeviceControl.SynchronizeState p, ReceivedDirective d) {
        Device.DeviceState s = p.deviceState();
        printer.info("Device " + p.deviceId() + ":" + Optional.ofNullable(s.volume()).map(v -> " volume " + v.value())
                .orElse("") + Optional.ofNullable(s.bluetooth()).map(b -> " bluetooth " + b.state()).orElse(""));
    }

    private boolean step(String target, int direction) {
        return switch (target) {
            case "volume" -> setVolume(volume.volume() + direction);
            case "screenbrightness" -> setBrightness(brightness + direction * BRIGHTNESS_STEP);
            default -> cannot("change " + target);
        };
    }

    private boolean setVolume(int value) {
        int v = Math.max(0, Math.min(10, value));
        volume.set(v, volume.muted());
        printer.info("Volume " + v + (volume.muted() ? " (muted)" : ""));
        return true;
    }

    private boolean setBrightness(int value) {
        brightness = Math.max(0, Math.min(100, value));
        printer.info("(no screen) brightness would be " + brightness);
        return true;
    }

    private boolean turn(String target, boolean on) {
        if (!target.equals("bluetooth")) {
            return cannot("turn " + (on ? "on " : "off ") + target);
        }
        bluetoothOn = on;
        printer.info("(no Bluetooth radio) Bluetooth would be " + (on ? "on" : "off"));
        return true;
    }

    private boolean pretend(String what) {
        printer.info("(no Bluetooth radio) would " + what);
        return true;
    }

    private boolean cannot(String what) {
        printer.info("cannot " + what);
        return false;
    }
}
