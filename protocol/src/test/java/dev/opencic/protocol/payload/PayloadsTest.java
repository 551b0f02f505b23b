package dev.opencic.protocol.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) MessageCodec.mapper().readTree(text);
    }

    @Test
    void aKnownDirectiveReadsAsItsRecordIgnoringFieldsTheRecordDoesNotName() throws Exception {
        Directive d = new Directive(Header.of("SpeechSynthesizer", "Speak", "d1"),
                json("{\"format\":\"AUDIO_MPEG\",\"token\":\"t1\",\"url\":\"cid:a\",\"later\":1}"));

        assertThat(d.typedPayload()).isEqualTo(new SpeechSynthesizer.Speak("AUDIO_MPEG", "t1", "cid:a"));
    }

    @Test
    void nestedRecordsAndEnumsRead() throws Exception {
        Directive play = new Directive(Header.of("AudioPlayer", "Play", null), json("""
                {"playBehavior":"ENQUEUE","audioItem":{"audioItemId":"i1","stream":{"token":"s1",
                 "url":"https://m/1.mp3","progressReport":{"progressReportDelayInMilliseconds":500}}}}"""));

        AudioPlayer.Play p = (AudioPlayer.Play) play.typedPayload();
        assertThat(p.audioItem().stream().progressReport().progressReportDelayInMilliseconds()).isEqualTo(500L);
        assertThat(p.audioItem().stream().progressReport().progressReportIntervalInMilliseconds()).isNull();

        Event state = new Event(Header.of("AudioPlayer", "ReportPlaybackState", null),
                json("{\"playerActivity\":\"PAUSED\",\"token\":\"s1\"}"), List.of());
        assertThat(((AudioPlayer.PlaybackState) state.typedPayload()).playerActivity()).isEqualTo(PlayerActivity.PAUSED);
    }

    @Test
    void anUnknownMessageStaysRawJson() throws Exception {
        Directive d = new Directive(Header.of("Vendor", "Blink", null), json("{\"times\":3}"));

        assertThat(d.typedPayload()).isEqualTo(new RawPayload("{\"times\":3}"));
        assertThat(Payloads.toJson(d.typedPayload())).isEqualTo(json("{\"times\":3}"));
    }

    @Test
    void theSameRecordServesSeveralNamesAndWritesWithoutNullFields() throws Exception {
        assertThat(Payloads.type(Payloads.Kind.EVENT, "AudioPlayer", "PlayPaused"))
                .contains(AudioPlayer.PlaybackReport.class);
        assertThat(Payloads.type(Payloads.Kind.DIRECTIVE, "AudioPlayer", "PlayPaused")).isEmpty();
        assertThat(Payloads.toJson(new SpeechRecognizer.Recognize("en", "", "AUDIO_L16_RATE_16000_CHANNELS_1", null, null)))
                .isEqualTo(json("{\"lang\":\"en\",\"profileVersion\":\"\",\"format\":\"AUDIO_L16_RATE_16000_CHANNELS_1\"}"));
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() throws Exception {
        Directive d = new Directive(Header.of("Alerts", "SynchronizeAlert", null), json("{\"allAlerts\":\"none\"}"));

        assertThatThrownBy(d::typedPayload).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Alerts.SynchronizeAlert payload does not fit SynchronizeAlert");
    }

    @Test
    void payloadAsReadsAnyRecord() throws Exception {
        record Custom(int times) {}
        Directive d = new Directive(Header.of("Vendor", "Blink", null), json("{\"times\":3}"));

        assertThat(d.payloadAs(Custom.class)).isEqualTo(new Custom(3));
    }

    @Test
    void aDeviceStateSaysWhichDeviceControlActionsATargetSupports() throws Exception {
        var context = new dev.opencic.protocol.ContextObject(new Header("Device", "DeviceState", null, null), json("""
                {"localTime":"2026-12-07T09:00:00+09:00","volume":{"actions":["Increase","Decrease"],"min":0,"max":10,"value":4},
                 "screenBrightness":{"actions":["SetValue"],"min":0,"max":100,"value":70},"vendorThing":{"x":1}}"""));

        Device.DeviceState state = (Device.DeviceState) context.typedPayload();
        assertThat(state.actionsFor("volume")).contains(List.of("Increase", "Decrease"));
        assertThat(state.actionsFor("screenbrightness")).contains(List.of("SetValue"));
        assertThat(state.actionsFor("bluetooth")).isEmpty();
        assertThat(state.actionsFor("nonsense")).isEmpty();
        assertThat(state.volume().value()).isEqualTo(4);
    }

    @Test
    void aDeviceControlDirectiveIsNamedWhenItsRecordServesSeveral() {
        assertThat(Directive.of("d1", new DeviceControl.SetValue("volume", "5")).header().qualifiedName())
                .isEqualTo("DeviceControl.SetValue");
        assertThatThrownBy(() -> Directive.of("d1", new DeviceControl.Target("volume")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Directive.of("DeviceControl", "Increase", "d1", new DeviceControl.Target("volume")).payload())
                .hasToString("{\"target\":\"volume\"}");
    }

    @Test
    void aDeviceStateWithAWronglyTypedFieldDoesNotRead() throws Exception {
        Event e = new Event(Header.of("DeviceControl", "ActionExecuted", null), json("{\"target\":5,\"command\":\"TurnOn\"}"),
                List.of());

        assertThatThrownBy(e::typedPayload).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DeviceControl.ActionExecuted");
    }
}
