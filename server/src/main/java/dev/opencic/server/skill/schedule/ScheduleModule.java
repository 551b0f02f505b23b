package dev.opencic.server.skill.schedule;

import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import java.util.List;

/** Schedules: the calendar skill on the account's entries kept by the server. */
public final class ScheduleModule implements SkillModule {

    private final ScheduleSkill skill;
    private final AccountSchedules accountSchedules;

    public ScheduleModule(SkillContext context) {
        ScheduleStore store = new JdbcScheduleStore(context.database().jdbi(), context.clock());
        this.skill = new ScheduleSkill(store);
        this.accountSchedules = new AccountSchedules(store, context.clock());
    }

    /** The account's entries for changes made outside a dialogue (the web console). */
    public AccountSchedules accountSchedules() {
        return accountSchedules;
    }

    @Override
    public List<Skill> skills() {
        return List.of(skill);
    }
}
