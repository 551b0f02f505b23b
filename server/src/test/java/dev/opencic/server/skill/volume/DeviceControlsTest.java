package dev.opencic.server.skill.volume;

import static dev.opencic.server.skill.SkillTestSupport.context;
import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Volume, help, greetings and the fallback, by text over HTTP/2. */
class DeviceControlsTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    static ContextObject volume(Object volume, Object muted) {
        var payload = TestDevice.payload();
        payload.set("volume", dev.opencic.protocol.MessageCodec.mapper().valueToTree(volume));
        payload.set("muted", dev.opencic.protocol.MessageCodec.mapper().valueToTree(muted));
        return context("Speaker", "VolumeState", payload);
    }

    @Test
    void aVolumeChangeIsADirectiveWithoutAVoiceUnderTheRequestsDialog() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> up = say(device, "turn the volume up", volume(5, false));
            assertThat(names(up)).containsExactly("Clova.RenderText", "PlaybackController.VolumeUp");
            assertThat(up.get(1).payload().isEmpty()).isTrue();
            assertThat(up.get(1).dialogRequestId()).isEqualTo(up.get(0).dialogRequestId()).isNotNull();
            assertThat(names(say(device, "a little quieter please", volume(5, false))))
                    .containsExactly("Clova.RenderText", "PlaybackController.VolumeDown");
            assertThat(names(say(device, "mute", volume(5, false))))
                    .containsExactly("Clova.RenderText", "PlaybackController.Mute");
            assertThat(names(say(device, "unmute", volume(5, true))))
                    .containsExactly("Clova.RenderText", "PlaybackController.Unmute");
            // a device that reports no VolumeState gets the directive all the same
            assertThat(names(say(device, "volume down"))).containsExactly("Clova.RenderText", "PlaybackController.VolumeDown");
            assertThat(names(say(device, "unmute the sound"))).containsExactly("Clova.RenderText", "PlaybackController.Unmute");
        }
    }

    @Test
    void theSpeakersStateTurnsAUselessChangeIntoAnExplanation() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> muted = say(device, "mute", volume(4, true));
            assertThat(words(muted)).isEqualTo("The sound is already off.");
            assertThat(names(muted)).doesNotContain("PlaybackController.Mute");
            assertThat(words(say(device, "unmute", volume(4, false)))).isEqualTo("The sound is already on.");
            assertThat(words(say(device, "louder", volume(10, false)))).isEqualTo("The volume is already at its highest.");
            assertThat(words(say(device, "turn it down", volume(0, false)))).isEqualTo("The volume is already at its lowest.");
            // louder while muted: sound back on, then up
            assertThat(names(say(device, "louder", volume(3, true)))).containsExactly("Clova.RenderText",
                    "PlaybackController.Unmute", "PlaybackController.VolumeUp");
        }
    }

    @Test
    void aVolumeStateThatMakesNoSenseIsIgnoredNotAnError() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            for (ContextObject odd : List.of(volume(42, false), volume(-1, true), volume("loud", "yes"),
                    context("Speaker", "VolumeState", TestDevice.payload()))) {
                assertThat(names(say(device, "louder", odd))).containsExactly("Clova.RenderText",
                        "PlaybackController.VolumeUp");
            }
        }
    }

    @Test
    void helpNamesRealAbilitiesAndTheFallbackSuggestsRealRequests() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            String help = words(say(device, "what can you do"));
            assertThat(help).contains("alarms", "timers", "remind", "memos", "schedule", "music", "weather",
                    "volume", "time");
            String fallback = words(say(device, "purple elephants dance quietly"));
            assertThat(fallback).startsWith("Sorry, I didn't understand that.");
            assertThat(fallback).contains("what time it is", "the weather", "what can you do");
            // the suggestions, as a user would say them, are understood
            for (String suggestion : List.of("what time is it", "what is the weather tomorrow", "what can you do")) {
                assertThat(words(say(device, suggestion))).as(suggestion).doesNotContain("didn't understand");
            }
            List<Directive> hello = say(device, "good morning");
            assertThat(words(hello)).isEqualTo("Good morning! How can I help you?");
            assertThat(words(say(device, "hi there"))).isEqualTo("Hello! How can I help you?");
            assertThat(words(say(device, "how are you today"))).isEqualTo("I'm well, thanks! How can I help you?");
            assertThat(names(hello)).contains("SpeechRecognizer.ExpectSpeech");
        }
    }
}
