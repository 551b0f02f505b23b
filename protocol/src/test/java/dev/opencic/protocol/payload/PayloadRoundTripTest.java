package dev.opencic.protocol.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every record the server writes or reads: the JSON the server has always put on the wire reads as
 * the record and writes back to the same text, field order and explicit nulls included.
 */
class PayloadRoundTripTest {

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) MessageCodec.mapper().readTree(text);
    }

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource(delimiter = '|', textBlock = """
            Clova             | AddMemo            | {"id":"m1","content":"buy milk"}
            Clova             | DeleteMemo         | {"id":"m1"}
            Clova             | DeleteMemo         | {}
            Clova             | RenderMemoList     | {"memo":[{"id":"m1","content":"milk","timestamp":"2026-12-06T10:00:00Z"}]}
            Clova             | AddReminder        | {"id":"r1","content":"call mum"}
            Clova             | DeleteReminder     | {"id":"r1"}
            Clova             | RenderReminderList | {"reminder":[{"id":"r1","content":"call","done":false}]}
            Clova             | AddSchedule        | {"id":"s1","scheduledTime":"2026-12-07T09:00:00+09:00","period":"PT1H","content":"dentist"}
            Clova             | GetSchedule        | {"scheduledTime":"2026-12-07T00:00:00+09:00","period":"P1D"}
            Clova             | CountSchedule      | {"scheduledTime":"2026-12-07T00:00:00+09:00","period":"P1D"}
            Clova             | DeleteSchedule     | {"scheduledTime":"2026-12-07T09:00:00+09:00","period":"PT1H","id":"s1"}
            Clova             | RenderText         | {"text":"hello"}
            SpeechSynthesizer | Speak              | {"format":"AUDIO_MPEG","token":"t","ttsLang":"en","ttsText":"Hi.","url":"cid:c","x-clova-pause-before":0}
            SpeechRecognizer  | ExpectSpeech       | {"timeoutInMilliseconds":8000,"expectSpeechId":"e1","explicit":true}
            SpeechRecognizer  | StopCapture        | {"recognizedText":"what time"}
            SpeechRecognizer  | ShowRecognizedText | {"text":"what"}
            SpeechRecognizer  | KeepRecording      | {}
            Alerts            | SetAlert           | {"token":"a","type":"ALARM","scheduledTime":"2026-12-07T07:00:00+09:00","daysOfWeek":["monday","friday"]}
            Alerts            | SetAlert           | {"token":"t","type":"TIMER","scheduledTime":"2026-12-07T07:00:00+09:00","currentTime":"2026-12-07T06:59:00+09:00"}
            Alerts            | DeleteAlert        | {"token":"a","type":"ALARM"}
            Alerts            | SynchronizeAlert   | {"allAlerts":[{"token":"a","type":"ALARM","scheduledTime":"2026-12-07T07:00:00+09:00"}]}
            AudioPlayer       | StreamDeliver      | {"audioItemId":"i","audioStream":{"token":"s","url":"http://h/1","urlPlayable":true},"stream":{"token":"s","url":"http://h/1","urlPlayable":true}}
            AudioPlayer       | Play               | {"audioItem":{"audioItemId":"i","id":"t1","type":"opencic-library","title":"Song","titleText":"Song","artists":["Band"],"titleSubText1":"Band","album":{"title":"LP","genres":["Rock"]},"titleSubText2":"LP","stream":{"token":"s","beginAtInMilliseconds":0,"durationInMilliseconds":1000,"progressReport":{"progressReportDelayInMilliseconds":null,"progressReportIntervalInMilliseconds":30000,"progressReportPositionInMilliseconds":null},"url":"clova:s","urlPlayable":false}},"playBehavior":"ENQUEUE","source":{"name":"OpenCIC music library"}}
            AudioPlayer       | Play               | {"audioItem":{"audioItemId":"i","id":"t1","type":"opencic-library","title":"Song","titleText":"Song","artists":[],"titleSubText1":"","stream":{"token":"s","beginAtInMilliseconds":5,"progressReport":{"progressReportDelayInMilliseconds":null,"progressReportIntervalInMilliseconds":30000,"progressReportPositionInMilliseconds":null},"url":"http://h/1","urlPlayable":true}},"playBehavior":"REPLACE_ALL","source":{"name":"OpenCIC music library"}}
            DeviceControl     | SetValue           | {"target":"volume","value":"30"}
            DeviceControl     | Increase           | {"target":"screenbrightness"}
            DeviceControl     | Decrease           | {"target":"volume"}
            DeviceControl     | TurnOn             | {"target":"bluetooth"}
            DeviceControl     | TurnOff            | {"target":"bluetooth"}
            DeviceControl     | OpenScreen         | {"target":"settings"}
            DeviceControl     | LaunchApp          | {"target":"clovasearchapp://search"}
            DeviceControl     | BtConnect          | {"name":"My Speaker","address":"29:01:11:1f:12:89","connected":false,"role":"sink"}
            DeviceControl     | BtConnect          | {}
            DeviceControl     | BtConnectByPINCode | {"pinCode":"1234"}
            DeviceControl     | BtDisconnect       | {}
            DeviceControl     | BtStartPairing     | {}
            DeviceControl     | BtStopPairing      | {}
            DeviceControl     | ExpectReportState  | {"durationInSeconds":600,"intervalInSeconds":60}
            DeviceControl     | ExpectReportState  | {}
            DeviceControl     | SynchronizeState   | {"deviceId":"90de78d7","deviceState":{"localTime":"2017-04-06T13:34:15.074361+08:28","volume":{"actions":["Decrease","Increase","SetValue"],"min":0,"max":60,"warning":50,"value":40}}}
            """)
    void aDirectiveTheServerSendsReadsAsItsRecordAndWritesTheSameJson(String namespace, String name, String wire)
            throws Exception {
        Directive read = new Directive(Header.of(namespace, name, null), json(wire));
        Payload typed = read.typedPayload();

        assertThat(typed).isNotInstanceOf(RawPayload.class);
        assertThat(Directive.of(namespace, name, null, typed).payload().toString()).isEqualTo(wire);
    }

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource(delimiter = '|', textBlock = """
            Memo              | Created | {"id":"m1","content":"milk","timestamp":"2026-12-06T10:00:00Z"}
            Memo              | Deleted | {"id":"m1"}
            Memo              | Get     | {}
            Reminder          | Updated | {"id":"r1","content":"call","done":true}
            Reminder          | Get     | {}
            SpeechSynthesizer | Request | {"text":"hello","lang":"en"}
            Alerts            | AlertStopped | {"token":"a","type":"ALARM"}
            AudioPlayer       | StreamRequested | {"audioItemId":"i","audioStream":{"token":"s"}}
            DeviceControl     | ActionExecuted  | {"target":"gps","command":"TurnOn"}
            DeviceControl     | ActionFailed    | {"target":"app","command":"LaunchApp"}
            DeviceControl     | ReportState     | {}
            DeviceControl     | RequestStateSynchronization | {}
            DeviceControl     | BtRequestForPINCode | {"deviceName":"friends device"}
            DeviceControl     | BtRequestToCancelPinCodeInput | {}
            """)
    void anEventTheServerReadsHasARecord(String namespace, String name, String wire) throws Exception {
        var type = Payloads.type(Payloads.Kind.EVENT, namespace, name).orElseThrow();
        Payload read = Payloads.read(Payloads.Kind.EVENT, namespace, name, json(wire));

        assertThat(read).isInstanceOf(type);
        assertThat(Payloads.toJson(read).toString()).isEqualTo(wire);
    }

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource(delimiter = '|', textBlock = """
            Speaker     | VolumeState   | {"volume":8,"muted":false}
            Clova       | Location      | {"latitude":"37.3594915","longitude":"127.1032242","refreshedAt":"2017-04-06T13:34:15.074361+08:28"}
            Clova       | SavedPlace    | {"places":[{"name":"Home","latitude":"37.35","longitude":"127.10"}]}
            Alerts      | AlertsState   | {"allAlerts":[{"token":"a","type":"ALARM","scheduledTime":"2026-12-07T07:00:00+09:00"}],"activeAlerts":[]}
            AudioPlayer | PlaybackState | {"playerActivity":"PLAYING","offsetInMilliseconds":1200,"stream":{"token":"s"}}
            Device      | DeviceState   | {"localTime":"2017-04-06T13:34:15.074361+08:28"}
            Device      | Display       | {"contentLayer":{"width":640,"height":360},"dpi":320,"orientation":"landscape","size":"custom"}
            Device      | Display       | {"size":"none"}
            Device      | DeviceState   | {"airplane":{"actions":["TurnOff","TurnOn"],"state":"on"},"battery":{"actions":[],"value":99,"charging":true},"bluetooth":{"actions":["BtConnect","BtDisconnect","BtStartPairing","BtStopPairing","TurnOff","TurnOn"],"btlist":[{"name":"My Phone","address":"44:00:10:f1:1f:f5","connected":false}],"scanlist":[{"name":"A New Speaker","address":"19:02:11:6f:3f:74","role":"source"}],"state":"on"},"cellular":{"actions":["TurnOff","TurnOn"],"state":"off"},"channel":{"actions":["Decrease","Increase","SetValue"]},"energySavingMode":{"actions":["TurnOff","TurnOn"],"state":"off"},"flashLight":{"actions":["TurnOff","TurnOn"],"state":"off"},"gps":{"actions":["TurnOff","TurnOn"],"state":"off"},"localTime":"2017-04-06T13:34:15.074361+08:28","power":{"actions":["TurnOff","TurnOn"],"state":"active"},"screenBrightness":{"actions":["Decrease","Increase","SetValue"],"min":0,"max":100,"value":70},"soundMode":{"actions":["TurnOff","TurnOn"],"state":"vibrate"},"soundOutput":{"type":"builtin"},"volume":{"actions":["Decrease","Increase","SetValue"],"min":0,"max":60,"warning":50,"value":40},"wifi":{"actions":["TurnOff","TurnOn"],"networks":[{"name":"home_wlan","connected":true},{"name":"guest_wlan","connected":false}],"state":"on"}}
            """)
    void aContextObjectTheServerReadsHasARecord(String namespace, String name, String wire) throws Exception {
        ContextObject context = new ContextObject(new Header(namespace, name, null, null), json(wire));

        assertThat(context.typedPayload()).isNotInstanceOf(RawPayload.class);
        assertThat(Payloads.toJson(context.typedPayload()).toString()).isEqualTo(wire);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            AlarmList       | {"type":"AlarmList","alarmList":[{"token":{"type":"string","value":"a"},"scheduledTime":{"type":"datetime","value":"2026-12-07T07:00:00+09:00"},"repeatPeriod":{"type":"string","value":"weekly"},"repeatDay":[{"type":"string","value":"monday"}]}]}
            TimerList       | {"type":"TimerList","timerList":[{"token":{"type":"string","value":"t"},"scheduledTime":{"type":"datetime","value":"2026-12-07T07:00:00+09:00"}}]}
            ScheduleList    | {"type":"ScheduleList","scheduleList":[{"type":"Schedule","token":{"type":"string","value":"s"},"start":{"type":"date","value":"2026-12-07"},"end":{"type":"date","value":"2026-12-08"},"content":{"type":"string","value":"trip"},"repeatPeriod":{"type":"string","value":""},"repeatDay":[]}]}
            TodayWeather    | {"type":"TodayWeather","location":{"type":"string","value":"Berlin"},"bgClipUrl":{"type":"url","value":""},"contentProviderText":{"type":"string","value":"Weather data by Open-Meteo.com"},"lastUpdate":{"type":"datetime","value":"20261207 09:00"},"linkUrl":{"type":"url","value":""},"concentrationOfFineDust":{"type":"string","value":""},"nowTemperature":{"type":"temperature-c","value":"6"},"nowWeather":{"type":"string","value":"clear"},"hourlyWeatherList":[{"hourlyTime":{"type":"datetime","value":"20261207 09:00"},"hourlyTemperature":{"type":"temperature-c","value":"6"},"rainfallProbability":{"type":"percentage","value":"20%"},"temperatureImageCode":{"type":"string","value":"1"},"temperatureImageUrl":{"type":"url","value":""}}]}
            TomorrowWeather | {"type":"TomorrowWeather","location":{"type":"string","value":"Berlin"},"bgClipUrl":{"type":"url","value":""},"contentProviderText":{"type":"string","value":"x"},"lastUpdate":{"type":"datetime","value":"20261207 09:00"},"linkUrl":{"type":"url","value":""},"highTemperature":{"type":"temperature-c","value":"8"},"lowTemperature":{"type":"temperature-c","value":"1"},"highTempWeather":{"type":"string","value":"sunny"},"lowTempWeather":{"type":"string","value":"fog"},"hourlyWeatherList":[{"hourlyTime":{"type":"datetime","value":"20261208 00:00"},"hourlyTemperature":{"type":"temperature-c","value":"1"},"temperatureImageCode":{"type":"string","value":"4"},"temperatureImageUrl":{"type":"url","value":""}}]}
            WeeklyWeather   | {"type":"WeeklyWeather","location":{"type":"string","value":"Berlin"},"bgClipUrl":{"type":"url","value":""},"contentProviderText":{"type":"string","value":"x"},"lastUpdate":{"type":"datetime","value":"20261207 09:00"},"linkUrl":{"type":"url","value":""},"description":{"type":"string","value":"Forecast for the next 1 days"},"dailyWeatherList":[{"date":{"type":"date","value":"20261207"},"highTemperature":{"type":"temperature-c","value":"8"},"lowTemperature":{"type":"temperature-c","value":"1"},"iconImageCode":{"type":"string","value":"1"},"iconImageUrl":{"type":"url","value":""}}]}
            """)
    void aContentTemplateReadsAsItsRecordAndWritesTheSameJson(String template, String wire) throws Exception {
        Class<?> type = Class.forName(ContentTemplates.class.getName() + "$" + template);
        Payload read = (Payload) Payloads.convert(json(wire), type);

        assertThat(Directive.of("Clova", "RenderTemplate", null, read).payload().toString()).isEqualTo(wire);
    }

    @Test
    void aDirectiveIsNamedByTheRecordWhenTheRecordServesOneDirective() {
        Directive d = Directive.of("d1", new Clova.AddMemo("m1", "milk"));

        assertThat(d.header().qualifiedName()).isEqualTo("Clova.AddMemo");
        assertThat(d.dialogRequestId()).isEqualTo("d1");
        assertThatThrownBy(() -> Directive.of("d1", new Clova.ScheduleSpan("2026-12-07T00:00:00Z", "P1D")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name the directive");
    }

    @Test
    void nobodyChangesADirectiveOnceMade() throws Exception {
        ObjectNode given = json("{\"text\":\"before\"}");
        Directive d = new Directive(Header.of("Clova", "RenderText", null), given);

        given.put("text", "changed by the caller");
        d.payload().put("text", "changed through the accessor");

        assertThat(d.payloadAs(Clova.RenderText.class).text()).isEqualTo("before");
        assertThat(new String(MessageCodec.writeDirective(d))).contains("\"text\":\"before\"");
    }

    @Test
    void nobodyChangesAnEventOrAContextObjectOnceMade() throws Exception {
        ObjectNode given = json("{\"text\":\"before\"}");
        var context = new ContextObject(new Header("Speaker", "VolumeState", null, null), json("{\"volume\":3}"));
        var event = new dev.opencic.protocol.Event(Header.of("TextRecognizer", "Recognize", "d"), given, List.of(context));

        given.put("text", "changed by the caller");
        event.payload().put("text", "changed through the accessor");
        event.context().get(0).payload().put("volume", 9);

        assertThat(event.payloadAs(TextRecognizer.Recognize.class).text()).isEqualTo("before");
        assertThat(new String(MessageCodec.writeEvent(event))).contains("\"text\":\"before\"").contains("\"volume\":3");
    }

    @Test
    void aReissuedDirectiveKeepsThePayloadUnderANewMessageId() {
        Directive d = Directive.of("d1", new Clova.RenderText("hi"));
        Directive copy = d.reissued(null);

        assertThat(copy.header().messageId()).isNotEqualTo(d.header().messageId());
        assertThat(copy.dialogRequestId()).isNull();
        assertThat(copy.payload()).isEqualTo(d.payload());
    }

    @Test
    void scalarsAreNotConvertedBetweenJsonTypesAndAnUnknownPlayerActivityReadsAsNull() throws Exception {
        assertThatThrownBy(() -> Payloads.read(Payloads.Kind.EVENT, "Memo", "Created", json("{\"id\":5}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Payloads.read(Payloads.Kind.EVENT, "Reminder", "Updated", json("{\"done\":\"true\"}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Payloads.convert(json("{\"volume\":\"8\"}"), Speaker.VolumeState.class))
                .isInstanceOf(IllegalArgumentException.class);

        var state = Payloads.convert(json("{\"playerActivity\":\"BUFFERING\"}"), AudioPlayer.PlaybackState.class);
        assertThat(state.playerActivity()).isNull();
    }

    @Test
    void theClientsShortConstructorsStillWriteWhatTheyWrote() throws Exception {
        assertThat(Payloads.toJson(new Alerts.SetAlert("a", "ALARM", "2026-12-07T07:00:00Z", List.of())))
                .isEqualTo(json("{\"token\":\"a\",\"type\":\"ALARM\",\"scheduledTime\":\"2026-12-07T07:00:00Z\"}"));
        assertThat(Payloads.toJson(new SpeechSynthesizer.Speak("AUDIO_MPEG", "t", "cid:c")))
                .isEqualTo(json("{\"format\":\"AUDIO_MPEG\",\"token\":\"t\",\"url\":\"cid:c\"}"));
    }
}
