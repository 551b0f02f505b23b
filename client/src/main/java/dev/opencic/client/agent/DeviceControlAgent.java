package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.EventResponse;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.payload.Device;
import dev.opencic.protocol.payload.DeviceControl;
import dev.opencic.protocol.payload.Payload;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The capability agent of the {@code DeviceControl} namespace (the later reference): the server
 * asks the device to change a setting, and the device reports what it did and its state.
 *
 * <p>Each control directive reaches an {@code on...} method with its typed payload; the method
 * returns whether the device did it, and the agent reports {@code ActionExecuted} or {@code
 * ActionFailed} as the reference requires. The defaults return {@code false} (the device cannot),
 * so override what the device supports, and list the same actions in its {@code Device.DeviceState}
 * (a {@link dev.opencic.client.context.DeviceStateContext}), which the server reads before sending.
 *
 * <p>{@code ExpectReportState} sends {@link #reportState()} at once and, when the directive gives a
 * duration and an interval, every interval for that long. {@code SynchronizeState} (another device
 * of the account) goes to {@link #onSynchronizeState}. The app sends the namespace's other events
 * with {@link #requestStateSynchronization()}, {@link #requestPinCode(String)} and {@link
 * #cancelPinCodeInput()}. Methods run on the directive channel thread and may block.
 */
public class DeviceControlAgent extends CapabilityAgent {

    /** The directive names this agent dispatches. */
    public static final Set<String> DIRECTIVES = Set.of("SetValue", "Increase", "Decrease", "TurnOn", "TurnOff",
            "OpenScreen", "LaunchApp", "BtConnect", "BtConnectByPINCode", "BtDisconnect", "BtStartPairing",
            "BtStopPairing", "ExpectReportState", "SynchronizeState");

    private static final String NAMESPACE = "DeviceControl";

    private volatile AgentHost host;
    private volatile Executor reports;

    /** An agent for every DeviceControl directive. */
    public DeviceControlAgent() {
        super(NAMESPACE, DIRECTIVES);
    }

    @Override
    protected void onAttach(AgentHost host) {
        this.host = host;
        this.reports = host.newSerialExecutor();
    }

    /** Dispatches to the {@code on...} method for the directive's name and reports the result. */
    @Override
    public void handle(ReceivedDirective directive, AgentHost host) throws Exception {
        switch (directive.name()) {
            case "SetValue" -> {
                DeviceControl.SetValue p = directive.payload(DeviceControl.SetValue.class);
                result(host, p.target(), "SetValue", onSetValue(p, directive));
            }
            case "Increase", "Decrease", "TurnOn", "TurnOff" -> {
                DeviceControl.Target p = directive.payload(DeviceControl.Target.class);
                boolean done = switch (directive.name()) {
                    case "Increase" -> onIncrease(p, directive);
                    case "Decrease" -> onDecrease(p, directive);
                    case "TurnOn" -> onTurnOn(p, directive);
                    default -> onTurnOff(p, directive);
                };
                result(host, p.target(), directive.name(), done);
            }
            case "OpenScreen" -> {
                DeviceControl.Target p = directive.payload(DeviceControl.Target.class);
                result(host, p.target(), "OpenScreen", onOpenScreen(p, directive));
            }
            case "LaunchApp" -> result(host, "app", "LaunchApp",
                    onLaunchApp(directive.payload(DeviceControl.Target.class), directive));
            case "BtConnect" -> result(host, "bluetooth", "BtConnect",
                    onBtConnect(directive.payload(Device.BluetoothDevice.class), directive));
            case "BtConnectByPINCode" -> result(host, "bluetooth", "BtConnectByPINCode",
                    onBtConnectByPinCode(directive.payload(DeviceControl.BtConnectByPINCode.class), directive));
            case "BtDisconnect" -> result(host, "bluetooth", "BtDisconnect", onBtDisconnect(directive));
            case "BtStartPairing" -> result(host, "bluetooth", "BtStartPairing", onBtStartPairing(directive));
            case "BtStopPairing" -> result(host, "bluetooth", "BtStopPairing", onBtStopPairing(directive));
            case "ExpectReportState" -> onExpectReportState(directive.payload(DeviceControl.ExpectReportState.class),
                    directive);
            case "SynchronizeState" -> onSynchronizeState(directive.payload(DeviceControl.SynchronizeState.class),
                    directive);
            default -> onOther(directive, host);
        }
    }

    /** {@code SetValue}: set the volume, screen brightness or TV channel to {@code value}; whether it was done. */
    protected boolean onSetValue(DeviceControl.SetValue payload, ReceivedDirective directive) throws Exception {
        return false;
    }

    /** {@code Increase}: one step up (volume, screenbrightness, channel); whether it was done. */
    protected boolean onIncrease(DeviceControl.Target payload, ReceivedDirective directive) throws Exception {
        return false;
    }

    /** {@code Decrease}: one step down; whether it was done. */
    protected boolean onDecrease(DeviceControl.Target payload, ReceivedDirective directive) throws Exception {
        return false;
    }

    /** {@code TurnOn}: enable a feature (bluetooth, wifi, gps, ...); whether it was done. */
    protected boolean onTurnOn(DeviceControl.Target payload, ReceivedDirective directive) throws Exception {
        return false;
    }

    /** {@code TurnOff}: disable a feature ({@code "power"}: switch the device off); whether it was done. */
    protected boolean onTurnOff(DeviceControl.Target payload, ReceivedDirective directive) throws Exception {
        return false;
    }

    /** {@code OpenScreen}: show the {@code "settings"} screen; whether it was done. */
    protected boolean onOpenScreen(DeviceControl.Target payload, ReceivedDirective directive) throws Exception {
        return false;
    }

    /** {@code LaunchApp}: a URL scheme, relay page URL or app name; whether it was launched. */
    protected boolean onLaunchApp(DeviceControl.Target payload, ReceivedDirective directive) throws Exception {
        return false;
    }

    /** {@code BtConnect}: the named device, or (all fields null) one of the paired ones; whether connected. */
    protected boolean onBtConnect(Device.BluetoothDevice payload, ReceivedDirective directive) throws Exception {
        return false;
    }

    /** {@code BtConnectByPINCode}: the PIN the user gave (empty: stop pairing); whether connected. */
    protected boolean onBtConnectByPinCode(DeviceControl.BtConnectByPINCode payload, ReceivedDirective directive)
            throws Exception {
        return false;
    }

    /** {@code BtDisconnect}; whether done. */
    protected boolean onBtDisconnect(ReceivedDirective directive) throws Exception {
        return false;
    }

    /** {@code BtStartPairing}; whether pairing mode is on. */
    protected boolean onBtStartPairing(ReceivedDirective directive) throws Exception {
        return false;
    }

    /** {@code BtStopPairing}; whether pairing mode is off. */
    protected boolean onBtStopPairing(ReceivedDirective directive) throws Exception {
        return false;
    }

    /**
     * {@code ExpectReportState}: reports the state now and, with a duration and an interval, every
     * interval until the duration has passed (on the client's shared scheduler, not this thread).
     */
    protected void onExpectReportState(DeviceControl.ExpectReportState payload, ReceivedDirective directive)
            throws Exception {
        reportState();
        Long duration = payload.durationInSeconds();
        Long interval = payload.intervalInSeconds();
        if (duration != null && interval != null && interval > 0 && duration > 0) {
            scheduleReports(Duration.ofSeconds(interval), duration / interval);
        }
    }

    /** {@code SynchronizeState}: another device of the account and its state; does nothing by default. */
    protected void onSynchronizeState(DeviceControl.SynchronizeState payload, ReceivedDirective directive)
            throws Exception {}

    /** A name not in {@link #DIRECTIVES} (only reached by subclasses that widen the set); no-op. */
    protected void onOther(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** Sends {@code ReportState}: the device's context objects, its {@code Device.DeviceState} among them. */
    public CompletableFuture<EventResponse> reportState() {
        return send("ReportState", new DeviceControl.Empty());
    }

    /** Sends {@code RequestStateSynchronization}: the other devices' states come as {@code SynchronizeState}. */
    public CompletableFuture<EventResponse> requestStateSynchronization() {
        return send("RequestStateSynchronization", new DeviceControl.Empty());
    }

    /** Sends {@code BtRequestForPINCode}: a Bluetooth device asks for a PIN; the user's comes as {@code BtConnectByPINCode}. */
    public CompletableFuture<EventResponse> requestPinCode(String bluetoothDeviceName) {
        Objects.requireNonNull(bluetoothDeviceName, "bluetoothDeviceName");
        return send("BtRequestForPINCode", new DeviceControl.BtRequestForPINCode(bluetoothDeviceName));
    }

    /** Sends {@code BtRequestToCancelPinCodeInput}: the PIN is no longer needed. */
    public CompletableFuture<EventResponse> cancelPinCodeInput() {
        return send("BtRequestToCancelPinCodeInput", new DeviceControl.Empty());
    }

    /** Sends {@code ActionExecuted} or {@code ActionFailed} for a change the device made or could not make. */
    public CompletableFuture<EventResponse> reportAction(String target, String command, boolean executed) {
        return send(executed ? "ActionExecuted" : "ActionFailed", new DeviceControl.ActionResult(
                Objects.requireNonNull(target, "target"), Objects.requireNonNull(command, "command")));
    }

    private void result(AgentHost host, String target, String command, boolean executed) {
        host.send(NAMESPACE, executed ? "ActionExecuted" : "ActionFailed",
                new DeviceControl.ActionResult(target, command));
    }

    private void scheduleReports(Duration interval, long left) {
        AgentHost h = attached();
        if (left <= 0) {
            return;
        }
        h.schedule(() -> {
            reportState();
            scheduleReports(interval, left - 1);
        }, interval, reports);
    }

    private CompletableFuture<EventResponse> send(String name, Payload payload) {
        return attached().send(NAMESPACE, name, payload);
    }

    private AgentHost attached() {
        AgentHost h = host;
        if (h == null) {
            throw new IllegalStateException("DeviceControlAgent is not registered with a built CicClient");
        }
        return h;
    }
}
