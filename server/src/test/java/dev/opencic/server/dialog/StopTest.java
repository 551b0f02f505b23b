package dev.opencic.server.dialog;

import static dev.opencic.server.skill.SkillTestSupport.context;
import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.sayIn;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Stop" without saying what, over HTTP/2: it stops what the device is doing, decided from what the
 * server knows and the device's context, most urgent first (a ringing alert, then speech, then
 * music: music is in {@code MusicTitlesTest}, which has a library).
 */
class StopTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @Test
    void stopWhileAnAlarmRingsStopsTheAlarm() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            String token = alarm(device);
            assertThat(device.send("Alerts", "AlertStarted", null, alert(token)).status()).isEqualTo(204);
            for (String words : List.of("stop", "cancel", "enough", "be quiet", "turn it off")) {
                List<Directive> answer = say(device, words);
                assertThat(names(answer)).as(words).contains("Alerts.StopAlert");
                assertThat(stopAlert(answer).payload().get("token").asText()).as(words).isEqualTo(token);
            }
        }
    }

    @Test
    void theDevicesAlertsStateIsEnoughToKnowWhatRings() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            String token = alarm(device);
            // no AlertStarted reached the server: only the context says it rings
            List<Directive> answer = say(device, "stop", alertsState(token));
            assertThat(stopAlert(answer).payload().get("token").asText()).isEqualTo(token);
        }
    }

    @Test
    void aRingingAlertComesBeforeSpeech() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            String token = alarm(device);
            List<Directive> answer = say(device, "stop", alertsState(token), speechState("PLAYING"));
            assertThat(stopAlert(answer).payload().get("token").asText()).isEqualTo(token);
        }
    }

    @Test
    void stopWhileTheDeviceSpeaksAnswersWithoutSpeakingAgain() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            List<Directive> answer = say(device, "be quiet", speechState("PLAYING"));
            assertThat(names(answer)).doesNotContain("SpeechSynthesizer.Speak", "Alerts.StopAlert",
                    "PlaybackController.Stop");
            assertThat(words(answer)).isEqualTo("Okay.");
        }
    }

    @Test
    void stopRightAfterTheUsersVoiceCutTheSpeechOffSaysNothingMore() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            List<Directive> answer = say(device, "stop", speechState("STOPPED"));
            assertThat(names(answer)).doesNotContain("SpeechSynthesizer.Speak");
            assertThat(words(answer)).isEqualTo("Okay.");
        }
    }

    @Test
    void stopWithNothingGoingOnSaysSoAndChangesNothing() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            String token = alarm(device);
            List<Directive> answer = say(device, "stop", speechState("FINISHED"));
            assertThat(words(answer)).isEqualTo("There's nothing to stop right now.");
            assertThat(names(answer)).doesNotContain("Alerts.StopAlert", "Alerts.DeleteAlert", "PlaybackController.Stop");
            assertThat(words(say(device, "what alarms do i have"))).contains("one alarm");
            assertThat(token).isNotBlank();
        }
    }

    @Test
    void stopDuringAQuestionEndsTheDialogue() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            String dialog = MessageIds.newId();
            assertThat(words(sayIn(device, dialog, "set an alarm"))).isEqualTo("For what time?");
            assertThat(words(sayIn(device, dialog, "stop"))).isEqualTo("Okay, never mind.");
            assertThat(words(say(device, "what alarms do i have"))).isEqualTo("You don't have any alarms set.");
        }
    }

    // ---- helpers ----

    static String alarm(TestDevice device) throws Exception {
        List<Directive> set = say(device, "set an alarm for 7 am tomorrow");
        return set.stream().filter(d -> d.header().qualifiedName().equals("Alerts.SetAlert")).findFirst()
                .orElseThrow().payload().get("token").asText();
    }

    static Directive stopAlert(List<Directive> answer) {
        return answer.stream().filter(d -> d.header().qualifiedName().equals("Alerts.StopAlert")).findFirst()
                .orElseThrow(() -> new AssertionError("no Alerts.StopAlert in " + names(answer)));
    }

    static ObjectNode alert(String token) {
        return TestDevice.payload().put("token", token).put("type", "ALARM");
    }

    static ContextObject alertsState(String ringingToken) {
        ObjectNode state = TestDevice.payload();
        ObjectNode a = state.putArray("allAlerts").addObject().put("token", ringingToken).put("type", "ALARM")
                .put("scheduledTime", "2030-01-01T07:00:00Z");
        state.putArray("activeAlerts").add(a.deepCopy());
        return context("Alerts", "AlertsState", state);
    }

    static ContextObject speechState(String activity) {
        return context("SpeechSynthesizer", "SpeechState",
                TestDevice.payload().put("token", "speech-1").put("playerActivity", activity));
    }

    /** A device of a fresh account, so each test starts with no alerts. */
    static TestDevice newAccountDevice() throws Exception {
        String user = "u" + UUID.randomUUID().toString().substring(0, 8);
        cic.server().auth().accounts().createAccount(user, "a long enough password".toCharArray());
        TestDevice device = cic.deviceOf(user, "a long enough password", "device-" + UUID.randomUUID());
        device.connect();
        return device;
    }
}
