package dev.opencic.server.skill.devicecontrol;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.Device;
import dev.opencic.protocol.payload.DeviceControl;
import dev.opencic.protocol.payload.Speaker;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.skill.StateResync;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volume's part of {@code System.RequestSynchronizeState}: a device that comes back (a reset, a
 * reconnect) with another volume than the one it last reported in its DeviceControl state gets
 * {@code DeviceControl.SetValue volume} to the kept one. Only a device that declares volume
 * {@code SetValue} (now or in its kept state) is sent it; a 2017 device, which knows only steps
 * (VolumeUp/VolumeDown), and one that never reported a volume get nothing.
 */
final class VolumeResync implements StateResync {

    private static final Logger log = LoggerFactory.getLogger(VolumeResync.class);

    private final DeviceStateStore store;

    VolumeResync(DeviceStateStore store) {
        this.store = store;
    }

    @Override
    public List<Directive> resync(EventRequest request) {
        Optional<Device.DeviceState> kept = store.list(request.device().accountId()).stream()
                .filter(k -> k.deviceId().equals(request.device().deviceId()))
                .findFirst()
                .map(k -> DeviceControlHandler.state(k.stateJson()));
        Integer keptVolume = kept.map(Device.DeviceState::volume).map(Device.Level::value).orElse(null);
        if (keptVolume == null) {
            return List.of();
        }
        Optional<Device.DeviceState> now = EventPayloads.context(request.event(), Namespaces.DEVICE, "DeviceState",
                Device.DeviceState.class);
        Integer nowVolume = now.map(Device.DeviceState::volume).map(Device.Level::value)
                .or(() -> EventPayloads.context(request.event(), Namespaces.SPEAKER, "VolumeState",
                        Speaker.VolumeState.class).map(Speaker.VolumeState::volume))
                .orElse(null);
        if (keptVolume.equals(nowVolume)) {
            return List.of();
        }
        boolean canSet = now.flatMap(s -> s.actionsFor("volume")).or(() -> kept.get().actionsFor("volume"))
                .map(actions -> actions.contains("SetValue")).orElse(false);
        if (!canSet) {
            log.info("event=VolumeNotResynced device={} reason=noSetValue", request.device().deviceId());
            return List.of();
        }
        return List.of(Directive.of(Namespaces.DEVICE_CONTROL, "SetValue", request.dialogRequestId(),
                new DeviceControl.SetValue("volume", keptVolume.toString())));
    }
}
