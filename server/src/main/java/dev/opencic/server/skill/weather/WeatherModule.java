package dev.opencic.server.skill.weather;

import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import java.util.List;

/** Weather answers from Open-Meteo, with the account's saved place kept in the database. */
public final class WeatherModule implements SkillModule {

    private final WeatherSkill skill;

    public WeatherModule(SkillContext context) {
        ServerConfig c = context.config();
        WeatherProvider provider = new OpenMeteoProvider(c.weatherForecastUrl(), c.weatherGeocodingUrl(),
                c.weatherAirQualityUrl(), c.language(), c.weatherTimeout());
        skill = new WeatherSkill(provider, new JdbcSavedPlaceRepository(context.database().jdbi()),
                c.weatherTimeout());
    }

    @Override
    public List<Skill> skills() {
        return List.of(skill);
    }
}
