package dev.opencic.server;

import dev.opencic.server.api.EventRouter;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import dev.opencic.server.skill.alerts.AlertsModule;
import dev.opencic.server.skill.clock.ClockSkill;
import dev.opencic.server.skill.devicecontrol.DeviceControlModule;
import dev.opencic.server.skill.household.HouseholdModule;
import dev.opencic.server.skill.memo.MemoModule;
import dev.opencic.server.skill.music.MusicModule;
import dev.opencic.server.skill.reminder.ReminderModule;
import dev.opencic.server.skill.schedule.ScheduleModule;
import dev.opencic.server.skill.smalltalk.SmallTalkSkill;
import dev.opencic.server.skill.volume.VolumeSkill;
import dev.opencic.server.skill.weather.WeatherModule;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The assistant's features, in one list: add a module here to plug it in (one line each). */
final class BuiltInModules {

    private BuiltInModules() {}

    static List<SkillModule> create(SkillContext context) {
        return create(context, new CompletableFuture<>());
    }

    /**
     * @param router the server's event router, completed once it is assembled: the household runs
     *               requests delegated to a device through it, as that device's own
     */
    static List<SkillModule> create(SkillContext context, CompletionStage<EventRouter> router) {
        return List.of(
                SkillModule.of(new ClockSkill(), new SmallTalkSkill()),
                SkillModule.of(new VolumeSkill()),
                new WeatherModule(context),
                new MusicModule(context),
                new AlertsModule(context),
                new MemoModule(context),
                new ScheduleModule(context),
                new ReminderModule(context),
                new DeviceControlModule(context),
                new HouseholdModule(context, router));
    }

    /** The answer when no intent matched: small talk says what to try instead. */
    static SkillAnswer fallback() {
        return SmallTalkSkill.fallback();
    }
}
