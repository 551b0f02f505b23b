package dev.opencic.server.skill.devicecontrol;

import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import java.util.List;

/**
 * DeviceControl (the later reference's CICInterface/DeviceControl.md): the intents that control the
 * device itself, the namespace's events, and the devices' reported states.
 *
 * <p>States are kept in the database (migration V9) rather than in memory, although devices report
 * them fresh: {@code RequestStateSynchronization} must answer for every device of the account,
 * including one that is offline or connected to another node in cluster mode, and a device that
 * reported before a restart should not appear stateless after it.
 */
public final class DeviceControlModule implements SkillModule {

    private final DeviceControlSkill skill;
    private final DeviceControlHandler handler;

    public DeviceControlModule(SkillContext context) {
        PinRequests pins = new PinRequests(context.clock());
        AccountDevices devices = new AccountDevices(context.downchannels());
        this.skill = new DeviceControlSkill(pins, devices);
        this.handler = new DeviceControlHandler(new JdbcDeviceStateStore(context.database().jdbi()), devices, pins,
                context.clock());
    }

    @Override
    public List<Skill> skills() {
        return List.of(skill);
    }

    @Override
    public List<NamespaceHandler> handlers() {
        return List.of(handler);
    }
}
