package dev.opencic.server.skill.household;

import dev.opencic.server.api.EventRouter;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A household of devices that acts as one (issue 21): the devices of each account with their names
 * and rooms ({@link DeviceDirectory}, migration V10), naming by voice and admin command, and
 * announcements to the other devices. A device is recorded (or its last-seen time moved on) each
 * time it opens its downchannel.
 */
public final class HouseholdModule implements SkillModule {

    private static final Logger log = LoggerFactory.getLogger(HouseholdModule.class);

    private final SkillContext context;
    private final DeviceDirectory directory;
    private final Announcements announcements;
    private final HouseholdSkill skill;
    private final ClovaHandler clova;
    private final Counter opens;

    /**
     * @param router the server's event router once assembled: requests delegated to a device are
     *               answered through it as that device's own
     */
    public HouseholdModule(SkillContext context, CompletionStage<EventRouter> router) {
        this.context = context;
        this.directory = new JdbcDeviceDirectory(context.database().jdbi());
        this.announcements = new Announcements(context, new JdbcHeldAnnouncements(context.database().jdbi()));
        Delegations delegations = new Delegations(context.downchannels(), context.clock());
        this.clova = new ClovaHandler(delegations, router);
        this.skill = new HouseholdSkill(directory, announcements, delegations, context.downchannels()::isOpen,
                context.clock());
        // Lets a caller (a test, an operator) see that an opened downchannel was recorded and its held
        // announcements looked up, so what follows can rely on it rather than wait and hope.
        this.opens = Counter.builder("cic.household.opens.handled")
                .description("Opened downchannels recorded in the device directory").register(context.meters());
    }

    @Override
    public List<Skill> skills() {
        return List.of(skill);
    }

    @Override
    public List<NamespaceHandler> handlers() {
        return List.of(clova, new HouseholdHandler(directory, context.clock()));
    }

    @Override
    public void start() {
        context.downchannels().addOpenListener(device -> context.blocking().execute(() -> {
            try {
                directory.seen(device.accountId(), device.deviceId(), device.clientId(), context.clock().instant());
            } catch (RuntimeException e) {
                log.warn("event=DeviceNotRecorded device={} cause=\"{}\"", device.deviceId(), e.toString());
            }
            try {
                announcements.deliverHeld(device);
            } finally {
                opens.increment();
            }
        }));
    }
}
