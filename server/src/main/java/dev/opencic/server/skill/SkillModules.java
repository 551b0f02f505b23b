package dev.opencic.server.skill;

import dev.opencic.server.skill.alerts.AlertsModule;
import dev.opencic.server.skill.clock.ClockSkill;
import dev.opencic.server.skill.music.MusicModule;
import dev.opencic.server.skill.smalltalk.SmallTalkSkill;
import dev.opencic.server.skill.volume.VolumeSkill;
import dev.opencic.server.skill.weather.WeatherModule;
import java.util.ArrayList;
import java.util.List;

/** The assistant's features, in one list: add a module here to plug it in (one line each). */
public final class SkillModules {

    private SkillModules() {}

    public static List<SkillModule> create(SkillContext context) {
        List<SkillModule> modules = new ArrayList<>();
        modules.add(SkillModule.of(new ClockSkill(), new SmallTalkSkill()));
        modules.add(SkillModule.of(new VolumeSkill()));
        modules.add(new WeatherModule(context));
        modules.add(new MusicModule(context));
        modules.add(new AlertsModule(context));
        modules.add(new dev.opencic.server.skill.memo.MemoModule(context));
        modules.add(new dev.opencic.server.skill.schedule.ScheduleModule(context));
        modules.add(new dev.opencic.server.skill.reminder.ReminderModule(context));
        return List.copyOf(modules);
    }
}
