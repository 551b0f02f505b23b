package dev.opencic.server.skill.schedule;

import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import java.util.List;

/** Schedules: the calendar skill on the account's entries kept by the server. */
public final class ScheduleModule implements SkillModule {

    private final ScheduleSkill skill;

    public ScheduleModule(SkillContext context) {
        this.skill = new ScheduleSkill(new JdbcScheduleStore(context.database().jdbi(), context.clock()));
    }

    @Override
    public List<Skill> skills() {
        return List.of(skill);
    }
}
