package dev.opencic.server.skill;

import dev.opencic.server.skill.clock.ClockSkill;
import dev.opencic.server.skill.smalltalk.SmallTalkSkill;
import dev.opencic.server.skill.volume.VolumeSkill;
import dev.opencic.server.skill.weather.WeatherModule;
import java.util.List;

/** The assistant's features, in one list: add a module here to plug it in. */
public final class SkillModules {

    private SkillModules() {}

    public static List<SkillModule> create(SkillContext context) {
        return List.of(
                new WeatherModule(context),
                SkillModule.of(new VolumeSkill()),
                SkillModule.of(new ClockSkill(), new SmallTalkSkill()));
    }
}
