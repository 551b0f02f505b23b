package dev.opencic.server.skill.reminder;

import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import java.util.List;

/**
 * Reminders: the reminder skill, the device's {@code Reminder} events, and delivery at the
 * reminder's time on the downchannel (see {@link ReminderDelivery}).
 */
public final class ReminderModule implements SkillModule {

    private final ReminderSkill skill;
    private final ReminderHandler handler;
    private final ReminderDelivery delivery;
    private final AccountReminders accountReminders;

    public ReminderModule(SkillContext context) {
        ReminderStore store = new JdbcReminderStore(context.database().jdbi());
        MissedReminders missed = new MissedReminders(store, context);
        this.delivery = new ReminderDelivery(store, context, missed);
        this.skill = new ReminderSkill(store, delivery, missed);
        this.handler = new ReminderHandler(store, context.clock());
        this.accountReminders = new AccountReminders(store, delivery, context.downchannels(), context.clock());
    }

    /** The account's reminders for changes made outside a dialogue (the web console). */
    public AccountReminders accountReminders() {
        return accountReminders;
    }

    @Override
    public List<Skill> skills() {
        return List.of(skill);
    }

    @Override
    public List<NamespaceHandler> handlers() {
        return List.of(handler);
    }

    @Override
    public void start() {
        delivery.start();
    }
}
