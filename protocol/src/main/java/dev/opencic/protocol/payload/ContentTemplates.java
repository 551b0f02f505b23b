package dev.opencic.protocol.payload;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The content templates this project shows with {@code Clova.RenderTemplate} (the later
 * reference's Content_Templates.md): one record per template {@code type}, every shown value a
 * {@link Value} ({@code {"type": "string", "value": "..."}}). A {@code RenderTemplate}'s payload is
 * one of these; the registry does not map {@code RenderTemplate} to a record, since its shape
 * depends on its {@code type} (devices read it as JSON).
 */
public final class ContentTemplates {
    private ContentTemplates() {}

    private static final Map<String, Class<? extends Payload>> BY_TYPE = Map.ofEntries(
            Map.entry("Alarm", AlarmTemplate.class), Map.entry("AlarmList", AlarmList.class),
            Map.entry("ActionTimer", ActionTimer.class), Map.entry("Timer", TimerTemplate.class),
            Map.entry("TimerList", TimerList.class), Map.entry("Memo", Memo.class), Map.entry("MemoList", MemoList.class),
            Map.entry("Reminder", Reminder.class), Map.entry("ReminderList", ReminderList.class),
            Map.entry("Schedule", Schedule.class), Map.entry("ScheduleList", ScheduleList.class),
            Map.entry("Text", Text.class), Map.entry("CardList", CardList.class),
            Map.entry("TodayWeather", TodayWeather.class), Map.entry("TomorrowWeather", TomorrowWeather.class),
            Map.entry("WeeklyWeather", WeeklyWeather.class), Map.entry("Atmosphere", Atmosphere.class),
            Map.entry("Humidity", Humidity.class), Map.entry("WindSpeed", WindSpeed.class));

    /**
     * The record of a template {@code type} ({@code "Memo"} is {@link Memo}), for reading a
     * {@code Clova.RenderTemplate} payload; empty for a type this project has no record for.
     */
    public static Optional<Class<? extends Payload>> recordOf(String type) {
        return Optional.ofNullable(type == null ? null : BY_TYPE.get(type));
    }

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

    /**
     * Template {@code Alarm}: the one alarm just set. The reference gives it the fields of an
     * {@link AlarmList} entry plus {@code type}, so it is made from one.
     */
    public record AlarmTemplate(String type, Value token, Value scheduledTime, Value repeatPeriod,
                                List<Value> repeatDay) implements Payload {
        public AlarmTemplate {
            repeatDay = repeatDay == null ? List.of() : List.copyOf(repeatDay);
        }

        public AlarmTemplate(Alarm alarm) {
            this("Alarm", alarm.token(), alarm.scheduledTime(), alarm.repeatPeriod(), alarm.repeatDay());
        }
    }

    /**
     * Template {@code ActionTimer}: an alarm that does something (e.g. plays music). {@code action} is
     * always {@code ""} in the reference (reserved). The server has no action timers yet, so it never
     * sends this; the record is here so that devices and the SDK can read it.
     */
    public record ActionTimer(String type, Value token, Value scheduledTime, Value action, Value label,
                              Value repeatPeriod, List<Value> repeatDay) implements Payload {
        public ActionTimer {
            repeatDay = repeatDay == null ? List.of() : List.copyOf(repeatDay);
        }
    }

    /** Template {@code Timer}: the one timer just started. */
    public record TimerTemplate(String type, Value token, Value scheduledTime) implements Payload {
        public TimerTemplate(Timer timer) {
            this("Timer", timer.token(), timer.scheduledTime());
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

    /**
     * Template {@code Schedule} (one entry, shown after adding it), and one entry of a
     * {@link ScheduleList}: the reference gives both the same fields.
     */
    public record Schedule(String type, Value token, Value start, Value end, Value content, Value repeatPeriod,
                           List<Value> repeatDay) implements Payload {
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

    /** One half day of {@link Atmosphere}'s forecast: "Tomorrow morning" and the air quality then. */
    public record HalfDayAtmosphere(Value atmosphereImageUrl, Value concentrationOfAtmosphere, Value durationHalfDay) {}

    /**
     * Template {@code Atmosphere}: air quality now ({@code concentrationOfAtmosphere}, {@code
     * valueOfAtmosphere} with its unit) and by half day ahead.
     */
    public record Atmosphere(String type, Value location, Value bgClipUrl, Value contentProviderText,
                             Value lastUpdate, Value linkUrl, Value referenceText, Value referenceUrl,
                             Value temperatureCode, Value announcementOfAtmosphere, Value concentrationOfAtmosphere,
                             Value valueOfAtmosphere, List<HalfDayAtmosphere> halfDayAtmosphereList)
            implements Payload {
        public Atmosphere {
            halfDayAtmosphereList = halfDayAtmosphereList == null ? List.of() : List.copyOf(halfDayAtmosphereList);
        }
    }

    /** Template {@code Humidity}: relative humidity now, a {@code percentage} value. */
    public record Humidity(String type, Value location, Value bgClipUrl, Value contentProviderText, Value lastUpdate,
                           Value linkUrl, Value referenceText, Value referenceUrl, Value temperatureCode,
                           Value humidity) implements Payload {}

    /** Template {@code WindSpeed}: wind now, speed as a {@code number} value with its unit ("4m/s"), compass direction. */
    public record WindSpeed(String type, Value location, Value bgClipUrl, Value contentProviderText, Value lastUpdate,
                            Value linkUrl, Value referenceText, Value referenceUrl, Value temperatureCode,
                            Value windDirection, Value windSpeed) implements Payload {}

    /** Template {@code WeeklyWeather}. */
    public record WeeklyWeather(String type, Value location, Value bgClipUrl, Value contentProviderText,
                                Value lastUpdate, Value linkUrl, Value description, List<DailyWeather> dailyWeatherList)
            implements Payload {
        public WeeklyWeather {
            dailyWeatherList = dailyWeatherList == null ? List.of() : List.copyOf(dailyWeatherList);
        }
    }

    /** Template {@code Memo}: the memo just saved; {@code timestamp} is when it was made. */
    public record Memo(String type, Value token, Value content, Value timestamp) implements Payload {
        public Memo(Value token, Value content, Value timestamp) {
            this("Memo", token, content, timestamp);
        }
    }

    /** One memo of a {@link MemoList}. */
    public record MemoListItem(Value token, Value content, Value lastModified) {}

    /** Template {@code MemoList} (2018; the 2017 {@code Clova.RenderMemoList} is sent beside it). */
    public record MemoList(String type, List<MemoListItem> memoList) implements Payload {
        public MemoList {
            memoList = memoList == null ? List.of() : List.copyOf(memoList);
        }

        public MemoList(List<MemoListItem> memoList) {
            this("MemoList", memoList);
        }
    }

    /**
     * Template {@code Reminder}: the reminder just set. {@code content} is deprecated in the reference
     * in favour of {@code label}; both carry the same words. {@code status} is {@code TODO} or
     * {@code DONE}; {@code scheduledTime}'s value is {@code ""} for a reminder without a time.
     */
    public record Reminder(String type, Value token, Value scheduledTime, Value repeatPeriod, List<Value> repeatDay,
                           Value content, Value label, Value status) implements Payload {
        public Reminder {
            repeatDay = repeatDay == null ? List.of() : List.copyOf(repeatDay);
        }

        public Reminder(ReminderListItem item) {
            this("Reminder", item.token(), item.scheduledTime(), item.repeatPeriod(), item.repeatDay(), item.content(),
                    item.label(), item.status());
        }
    }

    /** One reminder of a {@link ReminderList}: the {@link Reminder} template's fields without {@code type}. */
    public record ReminderListItem(Value token, Value scheduledTime, Value repeatPeriod, List<Value> repeatDay,
                                   Value content, Value label, Value status) {
        public ReminderListItem {
            repeatDay = repeatDay == null ? List.of() : List.copyOf(repeatDay);
        }
    }

    /** Template {@code ReminderList} (2018; the 2017 {@code Clova.RenderReminderList} is sent beside it). */
    public record ReminderList(String type, List<ReminderListItem> reminderList) implements Payload {
        public ReminderList {
            reminderList = reminderList == null ? List.of() : List.copyOf(reminderList);
        }

        public ReminderList(List<ReminderListItem> reminderList) {
            this("ReminderList", reminderList);
        }
    }

    /** One row of a {@link Text} template's {@code tableList}. */
    public record TableItem(Value item1, Value item2, Value item2Link) {}

    /**
     * Template {@code Text}: text with a style given by the field it is in. A field with nothing to
     * show has the value {@code ""}, as the reference asks.
     */
    public record Text(String type, Value mainText, Value subText, Value highlightText, Value paragraphText,
                       Value sentenceText, Value referenceText, Value referenceUrl, Value bgUrl, Value imageUrl,
                       Value linkUrl, List<TableItem> tableList) implements Payload {
        public Text {
            tableList = tableList == null ? List.of() : List.copyOf(tableList);
        }

        /** A text with a main line and a highlighted value ("10:30 AM", "Tuesday, March 3"). */
        public static Text highlighted(String mainText, String highlightText) {
            Value none = Value.string("");
            return new Text("Text", Value.string(mainText), none, Value.string(highlightText), none, none, none,
                    Value.url(""), Value.url(""), Value.url(""), Value.url(""), List.of());
        }
    }

    /**
     * One card of a {@link CardList}, of the reference's {@code Type1} (image, title, description);
     * values with nothing to show are {@code ""}.
     */
    public record Card(Value title, List<Value> description, Value imageUrl, Value linkUrl, Value referenceText,
                       Value referenceUrl, Value contentProviderText) {
        public Card {
            description = description == null ? List.of() : List.copyOf(description);
        }

        /** A card with a title and lines of description, and no image or link. */
        public static Card of(String title, List<String> description) {
            return new Card(Value.string(title), description.stream().map(Value::string).toList(), Value.url(""),
                    Value.url(""), Value.string(""), Value.url(""), Value.string(""));
        }
    }

    /** Template {@code CardList}; {@code subType} is {@code ""} for Type1 cards, as the reference says. */
    public record CardList(String type, String subType, List<Card> cardList) implements Payload {
        public CardList {
            cardList = cardList == null ? List.of() : List.copyOf(cardList);
        }

        public CardList(List<Card> cardList) {
            this("CardList", "", cardList);
        }
    }
}
