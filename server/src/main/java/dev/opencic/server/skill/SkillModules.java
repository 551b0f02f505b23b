package dev.opencic.server.skill;

import dev.opencic.server.skill.alerts.AlertsModule;
import dev.opencic.server.skill.clock.ClockSkill;
import dev.opencic.server.skill.smalltalk.SmallTalkSkill;
import java.util.List;

/** The assistant's features, in one list: add a module here to plug it in. */
public final class SkillModules {

    private SkillModules() {}

    public static List<SkillModule> create(SkillContext context) {
        return List.of(
                SkillModule.of(new ClockSkill(), new SmallTalkSkill()),
                new AlertsModule(context));
    }
}
