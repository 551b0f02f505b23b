package dev.opencic.server.skill.devicecontrol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.Device;
import dev.opencic.protocol.payload.DeviceControl;
import dev.opencic.protocol.payload.Payloads;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's side of DeviceControl, as the later reference's workflows describe it:
 * <ul>
 *   <li>{@code ActionExecuted}, {@code ActionFailed} and {@code ReportState} keep the device's
 *       {@code Device.DeviceState} (and the action it reports on) and tell the account's other
 *       connected devices with {@code SynchronizeState};</li>
 *   <li>{@code RequestStateSynchronization} (usually from the Clova app) gets {@code SynchronizeState}
 *       on its downchannel for each other device whose state is kept, and the other connected devices
 *       get {@code ExpectReportState}, so that fresh state follows as they report;</li>
 *   <li>{@code BtRequestForPINCode} waits for the user to say the PIN (see {@link PinRequests}),
 *       {@code BtRequestToCancelPinCodeInput} stops waiting.</li>
 * </ul>
 * Every event is answered {@code 204}; a payload that does not fit (an unknown target or command,
 * a state too large to keep) is {@code 400} before anything is kept.
 */
final class DeviceControlHandler implements NamespaceHandler {

    private static final Logger log = LoggerFactory.getLogger(DeviceControlHandler.class);

    private final DeviceStateStore store;
    private final AccountDevices devices;
    private final PinRequests pins;
    private final Clock clock;

    DeviceControlHandler(DeviceStateStore store, AccountDevices devices, PinRequests pins, Clock clock) {
        this.store = store;
        this.devices = devices;
        this.pins = pins;
        this.clock = clock;
    }

    @Override
    public String namespace() {
        return Namespaces.DEVICE_CONTROL;
    }

    @Override
    public Set<String> eventNames() {
        return Set.of("ActionExecuted", "ActionFailed", "ReportState", "RequestStateSynchronization",
                      "BtRequestForPINCode", "BtRequestToCancelPinCodeInput");
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        Event e = request.event();
        DeviceIdentity device = request.device();
        // Validate on the event loop: a malformed report is a 400 before any database work.
        return switch (e.name()) {
            case "ActionExecuted", "ActionFailed" -> {
                DeviceControl.ActionResult result = EventPayloads.read(e, DeviceControl.ActionResult.class);
                String target = oneOf(result.target(), DeviceControl.TARGETS, "target", e);
                String command = oneOf(result.command(), DeviceControl.COMMANDS, "command", e);
                KeptDeviceState kept = new KeptDeviceState(device.accountId(), device.deviceId(), stateJson(e),
                        target, command, e.name().equals("ActionExecuted"), clock.instant());
                yield keepAndTell(request, kept);
            }
            case "ReportState" -> {
                EventPayloads.read(e, DeviceControl.Empty.class);
                yield keepAndTell(request, new KeptDeviceState(device.accountId(), device.deviceId(), stateJson(e),
                        null, null, null, clock.instant()));
            }
            case "RequestStateSynchronization" -> CompletableFuture.supplyAsync(() -> {
                synchronize(device);
                return Reply.empty();
            }, request.blockingExecutor());
            case "BtRequestForPINCode" -> {
                String name = EventPayloads.read(e, DeviceControl.BtRequestForPINCode.class).deviceName();
                if (name == null || name.isBlank() || name.length() > 248) { // 248: Bluetooth's longest name
                    throw CicException.badRequest(e.header().qualifiedName()
                                                  + ": \"deviceName\" must be a string of 1 to 248 characters");
                }
                pins.requested(device, name);
                log.info("event=BluetoothPinRequested device={}", device.deviceId());
                yield CompletableFuture.completedFuture(Reply.empty());
            }
            case "BtRequestToCancelPinCodeInput" -> {
                pins.cancelled(device);
                yield CompletableFuture.completedFuture(Reply.empty());
            }
            default -> throw CicException.badRequest(e.header().qualifiedName() + " is not accepted");
        };
    }

    private CompletableFuture<Reply> keepAndTell(EventRequest request, KeptDeviceState kept) {
        return CompletableFuture.supplyAsync(() -> {
            store.save(kept);
            // An action reported without a state: the others hear of it with the state kept before.
            String json = kept.stateJson() != null ? kept.stateJson() : store.list(kept.accountId()).stream()
                    .filter(k -> k.deviceId().equals(kept.deviceId())).map(KeptDeviceState::stateJson)
                    .filter(Objects::nonNull).findFirst().orElse(null);
            Device.DeviceState state = state(json);
            if (state != null) {
                devices.pushToOthers(request.device(), Reply.of(Directive.of(
                        new DeviceControl.SynchronizeState(request.device().deviceId(), state))));
            }
            return Reply.empty();
        }, request.blockingExecutor());
    }

    /** The kept states of the account's other devices to the one asking; the others asked for fresh ones. */
    private void synchronize(DeviceIdentity asking) {
        List<KeptDeviceState> kept = store.list(asking.accountId());
        Reply.Builder states = Reply.builder();
        for (KeptDeviceState k : kept) {
            if (!k.deviceId().equals(asking.deviceId())) {
                Device.DeviceState state = Optional.ofNullable(state(k.stateJson()))
                        .orElseGet(() -> Device.DeviceState.ofLocalTime(null));
                states.directive(Directive.of(new DeviceControl.SynchronizeState(k.deviceId(), state)));
            }
        }
        Reply reply = states.build();
        if (!reply.isEmpty()) {
            devices.push(asking, reply);
        }
        devices.pushToOthers(asking, Reply.of(Directive.of(new DeviceControl.ExpectReportState(null, null))));
    }

    /**
     * The event's {@code Device.DeviceState} as the JSON to keep: the typed record written back, so
     * that only fields the reference defines are kept; null when the event has none (or an unreadable
     * one, which like any context object counts as absent).
     */
    private static String stateJson(Event e) {
        Optional<Device.DeviceState> state = EventPayloads.context(e, Namespaces.DEVICE, "DeviceState",
                Device.DeviceState.class);
        if (state.isEmpty()) {
            return null;
        }
        String json = Payloads.toJson(state.get()).toString();
        if (json.length() > KeptDeviceState.MAX_STATE_CHARS) {
            throw CicException.badRequest("Device.DeviceState: " + json.length() + " characters (expected: at most "
                                          + KeptDeviceState.MAX_STATE_CHARS + ")");
        }
        return json;
    }

    static Device.DeviceState state(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Payloads.convert((ObjectNode) MessageCodec.mapper().readTree(json),
                    Device.DeviceState.class);
        } catch (Exception e) {
            log.warn("event=KeptDeviceStateUnreadable cause={}", e.toString());
            return null;
        }
    }

    private static String oneOf(String value, Set<String> allowed, String field, Event e) {
        if (value == null || !allowed.contains(value)) {
            throw CicException.badRequest(e.header().qualifiedName() + ": \"" + field + "\" must be one of "
                                          + allowed.stream().sorted().toList());
        }
        return value;
    }
}
