package dev.opencic.protocol.payload;

import java.util.List;

/**
 * The content templates this project shows with {@code Clova.RenderTemplate} (the later
 * reference's Content_Templates.md): one record per template {@code type}, every shown value a
 * {@link Value} ({@code {"type": "string", "value": "..."}}). A {@code RenderTemplate}'s payload is
 * one of these; the registry does not map {@code RenderTemplate} to a record, since its shape
 * depends on its {@code type} (devices read it as JSON).
 */
public final class ContentTemplates {
    private ContentTemplates() {}

    /** One shown value and how to show it: {@code string}, {@code date}, {@code datetime}, {@code url}, ... */
    public record Value(String type, String value) {

        public static Value string(String value) {
            return new Value("string", value);
        }

        public static Value url(String value) {
            return new Value("url", value);
        }
    }

    /** One alarm of an {@link AlarmList}; {@code repeatDay} is empty unless the alarm is weekly. */
    public record Alarm(Value token, Value scheduledTime, Value repeatPeriod, List<Value> repeatDay) {
        public Alarm {
            repeatDay = repeatDay == null ? List.of() : List.copyOf(repeatDay);
        }
    }

    /** Template {@code AlarmList}. */
    public record AlarmList(String type, List<Alarm> alarmList) implements Payload {
        public AlarmList {
            alarmList = alarmList == null ? List.of() : List.copyOf(alarmList);
        }

        public AlarmList(List<Alarm> alarmList) {
            this("AlarmList", alarmList);
        }
    }

    /** One timer of a {@link TimerList}. */
    public record Timer(Value token, Value scheduledTime) {}

    /** Template {@code TimerList}. */
    public record TimerList(String type, List<Timer> timerList) implements Payload {
        public TimerList {
            timerList = timerList == null ? List.of() : List.copyOf(timerList);
        }

        public TimerList(List<Timer> timerList) {
            this("TimerList", timerList);
        }
    }

    /** One entry of a {@link ScheduleList} ({@code type} is {@code Schedule}). */
    public record Schedule(String type, Value token, Value start, Value end, Value content, Value repeatPeriod,
                           List<Value> repeatDay) {
        public Schedule {
            repeatDay = repeatDay == null ? List.of() : List.copyOf(repeatDay);
        }

        public Schedule(Value token, Value start, Value end, Value content) {
            this("Schedule", token, start, end, content, Value.string(""), List.of());
        }
    }

    /** Template {@code ScheduleList}. */
    public record ScheduleList(String type, List<Schedule> scheduleList) implements Payload {
        public ScheduleList {
            scheduleList = scheduleList == null ? List.of() : List.copyOf(scheduleList);
        }

        public ScheduleList(List<Schedule> scheduleList) {
            this("ScheduleList", scheduleList);
        }
    }

    /** One hour of a weather template's {@code hourlyWeatherList}; no rainfall value when unknown. */
    public record HourlyWeather(Value hourlyTime, Value hourlyTemperature, Value rainfallProbability,
                                Value temperatureImageCode, Value temperatureImageUrl) {}

    /** One day of {@link WeeklyWeather}. */
    public record DailyWeather(Value date, Value highTemperature, Value lowTemperature, Value iconImageCode,
                               Value iconImageUrl) {}

    /*
     * The weather templates begin with the same six fields (type, location, bgClipUrl,
     * contentProviderText, lastUpdate, linkUrl), written out in each record so that the JSON keeps
     * the reference's flat shape.
     */

    /** Template {@code TodayWeather}. */
    public record TodayWeather(String type, Value location, Value bgClipUrl, Value contentProviderText,
                               Value lastUpdate, Value linkUrl, Value concentrationOfFineDust, Value nowTemperature,
                               Value nowWeather, List<HourlyWeather> hourlyWeatherList) implements Payload {
        public TodayWeather {
            hourlyWeatherList = hourlyWeatherList == null ? List.of() : List.copyOf(hourlyWeatherList);
        }
    }

    /** Template {@code TomorrowWeather}. */
    public record TomorrowWeather(String type, Value location, Value bgClipUrl, Value contentProviderText,
                                  Value lastUpdate, Value linkUrl, Value highTemperature, Value lowTemperature,
                                  Value highTempWeather, Value lowTempWeather, List<HourlyWeather> hourlyWeatherList)
            implements Payload {
        public TomorrowWeather {
            hourlyWeatherList = hourlyWeatherList == null ? List.of() : List.copyOf(hourlyWeatherList);
        }
    }

    /** Template {@code WeeklyWeather}. */
    public record WeeklyWeather(String type, Value location, Value bgClipUrl, Value contentProviderText,
                                Value lastUpdate, Value linkUrl, Value description, List<DailyWeather> dailyWeatherList)
            implements Payload {
        public WeeklyWeather {
            dailyWeatherList = dailyWeatherList == null ? List.of() : List.copyOf(dailyWeatherList);
        }
    }
}
