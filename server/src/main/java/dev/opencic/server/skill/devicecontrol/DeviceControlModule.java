package dev.opencic.server.skill.devicecontrol;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.payload.DeviceControl;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DeviceControl (the later reference's CICInterface/DeviceControl.md): the intents that control the
 * device itself, the namespace's events, and the devices' reported states.
 *
 * <p>States are kept in the database (migration V9) rather than in memory, although devices report
 * them fresh: {@code RequestStateSynchronization} must answer for every device of the account,
 * including one that is offline or connected to another node in cluster mode, and a device that
 * reported before a restart should not appear stateless after it.
 *
 * <p>As the reference notes, a device that reconnects gets {@code ExpectReportState} (behind its
 * {@code Clova.Hello}), so that its kept state is fresh again; only devices that have reported a
 * DeviceControl state before, so a 2017 device never sees a directive it does not know.
 */
public final class DeviceControlModule implements SkillModule {

    private static final Logger log = LoggerFactory.getLogger(DeviceControlModule.class);

    private final SkillContext context;
    private final DeviceStateStore store;
    private final AccountDevices devices;
    private final DeviceControlSkill skill;
    private final DeviceControlHandler handler;

    public DeviceControlModule(SkillContext context) {
        this.context = context;
        PinRequests pins = new PinRequests(context.clock());
        this.store = new JdbcDeviceStateStore(context.database().jdbi());
        this.devices = new AccountDevices(context.downchannels());
        this.skill = new DeviceControlSkill(pins, devices);
        this.handler = new DeviceControlHandler(store, devices, pins, context.clock());
        context.downchannels().addOpenListener(d -> context.blocking().execute(() -> askForFreshState(d)));
        context.resyncs().add(new VolumeResync(store));
    }

    @Override
    public List<Skill> skills() {
        return List.of(skill);
    }

    @Override
    public List<NamespaceHandler> handlers() {
        return List.of(handler);
    }

    private void askForFreshState(DeviceIdentity device) {
        try {
            boolean reportedBefore = store.list(device.accountId()).stream()
                    .anyMatch(k -> k.deviceId().equals(device.deviceId()) && k.stateJson() != null);
            if (reportedBefore) {
                devices.push(device, Reply.of(Directive.of(new DeviceControl.ExpectReportState(null, null))));
            }
        } catch (RuntimeException e) {
            log.warn("event=ExpectReportStateNotSent device={} cause={}", device.deviceId(), e.toString());
        }
    }
}
