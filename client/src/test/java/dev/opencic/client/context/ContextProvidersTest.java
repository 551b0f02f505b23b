package dev.opencic.client.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.client.internal.ContextJson;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.protocol.payload.PlayerActivity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each provider produces the JSON shape of its ContextObjects/*.md page. */
class ContextProvidersTest {

    static String json(SettableContext c) {
        ContextObject o = ContextJson.toJson(c.context().orElseThrow());
        return o.header().namespace() + "." + o.header().name() + " " + MessageCodec.mapper().valueToTree(o.payload());
    }

    @Test
    void volumeStateHasVolumeAndMuted() {
        VolumeStateContext v = new VolumeStateContext(8);
        assertThat(json(v)).isEqualTo("Speaker.VolumeState {\"volume\":8,\"muted\":false}");
        v.set(0, true);
        assertThat(json(v)).isEqualTo("Speaker.VolumeState {\"volume\":0,\"muted\":true}");
        assertThatThrownBy(() -> v.set(11, false)).hasMessageContaining("volume: 11");
    }

    @Test
    void playbackStateIsMinimalWhileIdleAndFullWhilePlaying() {
        PlaybackStateContext p = new PlaybackStateContext();
        assertThat(json(p)).isEqualTo("AudioPlayer.PlaybackState {\"playerActivity\":\"IDLE\",\"repeatMode\":\"NONE\"}");
        var stream = new AudioPlayer.AudioStreamInfo("t1", "https://x/a.mp3", null, null, null, null);
        p.set(PlayerActivity.PLAYING, stream, 1000, 5000);
        assertThat(json(p)).isEqualTo("AudioPlayer.PlaybackState {\"playerActivity\":\"PLAYING\",\"repeatMode\":\"NONE\","
                + "\"offsetInMilliseconds\":1000,\"totalInMilliseconds\":5000,\"stream\":{\"token\":\"t1\",\"url\":\"https://x/a.mp3\"}}");
    }

    @Test
    void deviceStateAlwaysHasLocalTimeAndTheInfosSet() {
        DeviceStateContext d = new DeviceStateContext(Clock.fixed(Instant.parse("2018-05-01T10:00:00Z"), ZoneOffset.ofHours(9)));
        record Battery(int value, boolean charging) {}
        d.set("battery", new Battery(80, false));
        assertThat(json(d)).isEqualTo("Device.DeviceState {\"battery\":{\"value\":80,\"charging\":false},"
                + "\"localTime\":\"2018-05-01T19:00:00+09:00\"}");
        assertThatThrownBy(() -> d.set("toaster", null)).hasMessageContaining("toaster");
    }

    @Test
    void locationAndSavedPlaceAreLeftOutUntilSet() {
        LocationContext l = new LocationContext();
        SavedPlaceContext s = new SavedPlaceContext();
        assertThat(l.context()).isEmpty();
        assertThat(s.context()).isEmpty();
        Instant at = Instant.parse("2017-04-06T13:34:15Z");
        l.set(37.3594915, 127.1032242, at);
        s.put("Home", 37.5, 127.0, at);
        assertThat(json(l)).isEqualTo("Clova.Location {\"latitude\":\"37.3594915\",\"longitude\":\"127.1032242\","
                + "\"refreshedAt\":\"2017-04-06T13:34:15Z\"}");
        assertThat(json(s)).isEqualTo("Clova.SavedPlace {\"places\":[{\"latitude\":\"37.5\",\"longitude\":\"127.0\","
                + "\"refreshedAt\":\"2017-04-06T13:34:15Z\",\"name\":\"Home\"}]}");
        assertThatThrownBy(() -> s.put("Beach", 0, 0, at)).hasMessageContaining("Beach");
    }

    @Test
    void freetalkAndAlertsStates() {
        FreetalkStateContext f = new FreetalkStateContext();
        f.set(false, true);
        assertThat(json(f)).isEqualTo("Clova.FreetalkState {\"foreground\":false,\"reprompt\":true}");
        AlertsStateContext a = new AlertsStateContext();
        assertThat(json(a)).isEqualTo("Alerts.AlertsState {\"allAlerts\":[],\"activeAlerts\":[]}");
        var alarm = new AlertsStateContext.AlertInfo("t", "ALARM", "2018-05-01T07:00:00+09:00");
        a.set(List.of(alarm), List.of());
        assertThat(json(a)).isEqualTo("Alerts.AlertsState {\"allAlerts\":[{\"token\":\"t\",\"type\":\"ALARM\","
                + "\"scheduledTime\":\"2018-05-01T07:00:00+09:00\"}],\"activeAlerts\":[]}");
    }

    @Test
    void providersHandOutTypedRecordsAndAppsTheirOwn() {
        VolumeStateContext v = new VolumeStateContext(3);
        assertThat(v.context().orElseThrow()).isEqualTo(new dev.opencic.client.ContextState("Speaker", "VolumeState",
                new ContextObjects.VolumeState(3, false)));
        DeviceStateContext d = new DeviceStateContext(Clock.fixed(Instant.parse("2018-05-01T10:00:00Z"), ZoneOffset.UTC));
        java.util.Map<String, Object> wifi = new java.util.HashMap<>(java.util.Map.of("connected", true));
        d.set("wifi", wifi);
        wifi.put("connected", false); // the app's map changing later does not change what was set
        assertThat(d.context().orElseThrow().payload()).isEqualTo(new ContextObjects.DeviceState(
                java.util.Map.of("wifi", java.util.Map.of("connected", true)), "2018-05-01T10:00:00Z"));
        record Display(String size) implements dev.opencic.protocol.payload.Payload {}
        dev.opencic.client.ContextProvider own = () -> java.util.Optional.of(
                new dev.opencic.client.ContextState("Device", "Display", new Display("small")));
        assertThat(ContextJson.toJson(own.context().orElseThrow()).payload().toString()).isEqualTo("{\"size\":\"small\"}");
    }

    @Test
    void speechStateAndDisplay() {
        SpeechStateContext speech = new SpeechStateContext();
        assertThat(speech.context()).isEmpty();
        speech.set("tts-1", ContextObjects.SpeechActivity.FINISHED);
        assertThat(json(speech)).isEqualTo("SpeechSynthesizer.SpeechState {\"token\":\"tts-1\",\"playerActivity\":\"FINISHED\"}");
        assertThat(json(new DisplayContext(ContextObjects.Display.NONE))).isEqualTo("Device.Display {\"size\":\"none\"}");
        assertThat(json(new DisplayContext(new ContextObjects.Display("custom", "landscape", 160,
                new ContextObjects.ContentLayer(1024, 600))))).isEqualTo("Device.Display {\"size\":\"custom\","
                + "\"orientation\":\"landscape\",\"dpi\":160,\"contentLayer\":{\"width\":1024,\"height\":600}}");
        assertThatThrownBy(() -> new ContextObjects.Display("m100", null, 160, null)).hasMessageContaining("orientation");
        assertThatThrownBy(() -> new ContextObjects.Display("custom", "portrait", 160, null))
                .hasMessageContaining("contentLayer");
        assertThatThrownBy(() -> new ContextObjects.Display("huge", null, null, null)).hasMessageContaining("size: huge");
    }
}
