package dev.opencic.server.skill.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Alarms and timers by text over HTTP/2: the answers, the Alerts directives and the device's reports. */
class AlertsTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0).timeZone(ZONE));

    static TestDevice alice;
    static TestDevice bob;

    @BeforeAll
    static void devices() throws Exception {
        alice = cic.newDevice();
        alice.connect();
        cic.server().auth().accounts().createAccount("bob", "bob's long password".toCharArray());
        bob = deviceOf("bob", "bob's long password");
    }

    @AfterAll
    static void close() {
        alice.close();
        bob.close();
    }

    @Test
    void anAlarmIsSetOnTheDeviceAndListedFromTheServersCopy() throws Exception {
        TestDevice device = cic.newDevice(); // alice's second device: same account
        device.connect();
        Answer set = say(device, "set an alarm for 7 am tomorrow");
        Directive setAlert = set.directive("Alerts.SetAlert");
        ZonedDateTime tomorrow7 = ZonedDateTime.now(ZONE).plusDays(1).withHour(7).withMinute(0).withSecond(0).withNano(0);
        assertThat(setAlert.payload().get("type").asText()).isEqualTo("ALARM");
        assertThat(ZonedDateTime.parse(setAlert.payload().get("scheduledTime").asText()).toInstant())
                .isEqualTo(tomorrow7.toInstant());
        assertThat(setAlert.payload().get("scheduledTime").asText()).endsWith("+09:00");
        assertThat(setAlert.payload().has("daysOfWeek")).isFalse();
        assertThat(set.text()).isEqualTo("Okay, your alarm is set for 7:00 AM tomorrow.");
        String token = setAlert.payload().get("token").asText();

        assertThat(report(device, "SetAlertSucceeded", token, "ALARM").status()).isEqualTo(204);

        Answer list = say(alice, "what alarms do i have");
        Directive template = list.directive("Clova.RenderTemplate");
        assertThat(template.payload().get("type").asText()).isEqualTo("AlarmList");
        assertThat(template.payload().findValuesAsText("value")).contains(token);
        assertThat(list.text()).contains("7:00 AM tomorrow");
    }

    @Test
    void aMissingTimeIsAskedForAndTheAnswerCompletesTheRequestUnderTheSameDialog() throws Exception {
        String dialog = UUID.randomUUID().toString();
        Answer question = say(alice, "set an alarm", dialog);
        assertThat(question.text()).isEqualTo("For what time?");
        Directive expect = question.directive("SpeechRecognizer.ExpectSpeech");
        assertThat(expect.dialogRequestId()).isEqualTo(dialog);
        assertThat(question.names()).doesNotContain("Alerts.SetAlert");

        Answer done = say(alice, "half past six in the evening", dialog);
        Directive setAlert = done.directive("Alerts.SetAlert");
        assertThat(setAlert.dialogRequestId()).isEqualTo(dialog);
        assertThat(ZonedDateTime.parse(setAlert.payload().get("scheduledTime").asText()).toLocalTime())
                .hasToString("18:30");
    }

    @Test
    void aDayWithoutATimeAsksForTheTimeAndKeepsTheDay() throws Exception {
        String dialog = UUID.randomUUID().toString();
        assertThat(say(alice, "wake me up tomorrow", dialog).text()).isEqualTo("At what time?");
        Directive setAlert = say(alice, "quarter past five", dialog).directive("Alerts.SetAlert");
        ZonedDateTime at = ZonedDateTime.parse(setAlert.payload().get("scheduledTime").asText());
        assertThat(at.toLocalDate()).isEqualTo(ZonedDateTime.now(ZONE).toLocalDate().plusDays(1));
        assertThat(at.toLocalTime()).hasToString("05:15");
    }

    @Test
    void cancelEndsTheDialogueWithoutSettingAnything() throws Exception {
        String dialog = UUID.randomUUID().toString();
        say(bob, "set an alarm", dialog);
        Answer cancelled = say(bob, "never mind", dialog);
        assertThat(cancelled.text()).isEqualTo("Okay, never mind.");
        assertThat(cancelled.names()).doesNotContain("Alerts.SetAlert", "SpeechRecognizer.ExpectSpeech");
        // The dialogue is over: the same words again are a new request.
        assertThat(say(bob, "never mind", dialog).names()).doesNotContain("Alerts.SetAlert");
    }

    @Test
    void timesInThePastAndImpossibleDatesAreRefusedAloud() throws Exception {
        Answer past = say(alice, "set an alarm for yesterday at 7 am");
        assertThat(past.text()).contains("already passed");
        assertThat(past.names()).doesNotContain("Alerts.SetAlert");

        Answer impossible = say(alice, "set an alarm for february 30th at 7 am");
        assertThat(impossible.text()).contains("no such date");
        assertThat(impossible.names()).doesNotContain("Alerts.SetAlert");
    }

    @Test
    void deletingWithNoneSetIsAnsweredAndTwoAccountsNeverSeeEachOthersAlerts() throws Exception {
        String aliceToken = say(alice, "set an alarm for 11:11 pm on december 31st")
                .directive("Alerts.SetAlert").payload().get("token").asText();

        assertThat(say(bob, "what alarms do i have").text()).isEqualTo("You don't have any alarms set.");
        assertThat(say(bob, "delete my alarm").text()).isEqualTo("You don't have any alarms to delete.");
        assertRejected(report(bob, "SetAlertSucceeded", aliceToken, "ALARM"), 400, aliceToken);
        assertRejected(report(bob, "AlertStarted", aliceToken, "ALARM"), 400, aliceToken);
        Directive sync = bob.send("Alerts", "RequestSynchronizeAlert", null, TestDevice.payload()).next().directive();
        assertThat(sync.payload().get("allAlerts").findValuesAsText("token")).doesNotContain(aliceToken);

        Directive aliceSync = alice.send("Alerts", "RequestSynchronizeAlert", null, TestDevice.payload()).next()
                .directive();
        assertThat(aliceSync.header().qualifiedName()).isEqualTo("Alerts.SynchronizeAlert");
        assertThat(aliceSync.payload().get("allAlerts").findValuesAsText("token")).contains(aliceToken);
    }

    @Test
    void anAlarmIsDeletedByItsTime() throws Exception {
        TestDevice carol = newAccountDevice();
        String token = say(carol, "set an alarm for 9:45 am on march 3rd").directive("Alerts.SetAlert")
                .payload().get("token").asText();
        say(carol, "set an alarm for 10 pm on march 3rd");
        assertThat(say(carol, "delete my 8 am alarm").text()).startsWith("I couldn't find an alarm");

        Answer deleted = say(carol, "delete my 9:45 am alarm");
        Directive delete = deleted.directive("Alerts.DeleteAlert");
        assertThat(delete.payload().get("token").asText()).isEqualTo(token);
        assertThat(delete.payload().get("type").asText()).isEqualTo("ALARM");
        assertThat(report(carol, "DeleteAlertSucceeded", token, "ALARM").status()).isEqualTo(204);
        assertThat(say(carol, "what alarms do i have").text()).startsWith("You have one alarm, for 10:00 PM");
    }

    @Test
    void aTimerCarriesCurrentTimeAndCanBeCheckedAndCancelled() throws Exception {
        TestDevice dave = newAccountDevice();
        Directive setAlert = say(dave, "set a timer for 10 minutes").directive("Alerts.SetAlert");
        assertThat(setAlert.payload().get("type").asText()).isEqualTo("TIMER");
        ZonedDateTime current = ZonedDateTime.parse(setAlert.payload().get("currentTime").asText());
        ZonedDateTime scheduled = ZonedDateTime.parse(setAlert.payload().get("scheduledTime").asText());
        assertThat(Duration.between(current, scheduled)).isEqualTo(Duration.ofMinutes(10));

        Answer left = say(dave, "how much time is left on my timer");
        assertThat(left.text()).matches("Your timer has (9 minutes and \\d+ seconds|10 minutes) left\\.");
        assertThat(left.directive("Clova.RenderTemplate").payload().get("type").asText()).isEqualTo("TimerList");

        Directive delete = say(dave, "cancel my timer").directive("Alerts.DeleteAlert");
        assertThat(delete.payload().get("token").asText()).isEqualTo(setAlert.payload().get("token").asText());
        assertThat(say(dave, "cancel my timer").text()).isEqualTo("You don't have any timers running.");
        assertThat(say(dave, "set a timer for 30 hours").text()).contains("at most 24 hours");
    }

    @Test
    void aRepeatingAlarmRingsIsStoppedAndMovesOnToItsNextDay() throws Exception {
        TestDevice erin = newAccountDevice();
        Directive setAlert = say(erin, "wake me up every weekday at 6 am").directive("Alerts.SetAlert");
        assertThat(setAlert.payload().get("daysOfWeek").toString())
                .isEqualTo("[\"monday\",\"tuesday\",\"wednesday\",\"thursday\",\"friday\"]");
        String token = setAlert.payload().get("token").asText();
        ZonedDateTime first = ZonedDateTime.parse(setAlert.payload().get("scheduledTime").asText());

        assertThat(say(erin, "stop the alarm").text()).isEqualTo("Nothing is ringing right now.");
        assertThat(report(erin, "AlertStarted", token, "ALARM").status()).isEqualTo(204);
        Directive stop = say(erin, "stop the alarm").directive("Alerts.StopAlert");
        assertThat(stop.payload().get("token").asText()).isEqualTo(token);
        Directive stopByButton = report(erin, "RequestAlertStop", token, "ALARM").next().directive();
        assertThat(stopByButton.header().qualifiedName()).isEqualTo("Alerts.StopAlert");

        Directive next = report(erin, "AlertStopped", token, "ALARM").next().directive();
        assertThat(next.header().qualifiedName()).isEqualTo("Alerts.SetAlert");
        assertThat(next.payload().get("token").asText()).isEqualTo(token);
        ZonedDateTime second = ZonedDateTime.parse(next.payload().get("scheduledTime").asText());
        assertThat(second.toLocalTime()).hasToString("06:00");
        assertThat(second).isAfterOrEqualTo(first);
    }

    @Test
    void turningOffTheRingingAlarmStopsItWhileTurningOffMyAlarmDeletesIt() throws Exception {
        TestDevice erin = newAccountDevice();
        String token = say(erin, "wake me up every weekday at 7 am").directive("Alerts.SetAlert")
                .payload().get("token").asText();
        assertThat(report(erin, "AlertStarted", token, "ALARM").status()).isEqualTo(204);
        // said to a ringing alarm: stop the sound, keep the alarm for its next day
        for (String words : java.util.List.of("turn off the alarm", "switch off the alarm")) {
            Directive stop = say(erin, words).directive("Alerts.StopAlert");
            assertThat(stop.payload().get("token").asText()).as(words).isEqualTo(token);
        }
        assertThat(say(erin, "turn off my alarm").directive("Alerts.DeleteAlert").payload().get("token").asText())
                .isEqualTo(token);
    }

    @Test
    void aOneOffAlarmThatStoppedRingingIsDeleted() throws Exception {
        TestDevice frank = newAccountDevice();
        String token = say(frank, "set an alarm for 8 pm on december 24th").directive("Alerts.SetAlert")
                .payload().get("token").asText();
        report(frank, "AlertStarted", token, "ALARM");
        Directive delete = report(frank, "AlertStopped", token, "ALARM").next().directive();
        assertThat(delete.header().qualifiedName()).isEqualTo("Alerts.DeleteAlert");
        assertThat(say(frank, "what alarms do i have").text()).isEqualTo("You don't have any alarms set.");
        assertRejected(report(frank, "AlertStopped", token, "ALARM"), 400, token);
    }

    @Test
    void malformedReportsAre400WithSystemException() throws Exception {
        assertRejected(alice.send("Alerts", "AlertStarted", null, TestDevice.payload().put("type", "ALARM")),
                       400, "token");
        assertRejected(report(alice, "AlertStarted", "no-such-token", "ALARM"), 400, "no-such-token");
        assertRejected(report(alice, "SetAlertFailed", "t", "SNOOZE"), 400, "SNOOZE");
        ObjectNode numberToken = TestDevice.payload().put("token", 42).put("type", "ALARM");
        assertRejected(alice.send("Alerts", "DeleteAlertFailed", null, numberToken), 400, "token");
        // A reminder's report is not this skill's business, and not an error.
        assertThat(report(alice, "AlertStarted", "reminder-1", "REMINDER").status()).isEqualTo(204);
    }

    @Test
    void aDeviceReportingAlertsTheAccountDoesNotHaveIsSynchronisedOnItsDownchannel() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            StreamedParts down = device.connect(); // replaces the downchannel opened before
            ObjectNode state = TestDevice.payload();
            state.putArray("allAlerts").addObject().put("token", "ghost").put("type", "ALARM")
                    .put("scheduledTime", "2030-01-01T07:00:00Z");
            state.putArray("activeAlerts");
            byte[] event = MessageCodec.writeEvent(new Event(
                    new Header("TextRecognizer", "Recognize", MessageIds.newId(), UUID.randomUUID().toString()),
                    TestDevice.payload().put("text", "what time is it"),
                    List.of(new ContextObject(new Header("Alerts", "AlertsState", null, null), state))));
            assertThat(device.send(event).status()).isEqualTo(200);

            Directive sync = down.next(Duration.ofSeconds(10)).directive();
            assertThat(sync.header().qualifiedName()).isEqualTo("Alerts.SynchronizeAlert");
            assertThat(sync.payload().get("allAlerts").isEmpty()).isTrue();
        }
    }

    @Test
    void eachDeviceAnswersInItsOwnZoneElseItsAccountsElseTheServers() throws Exception {
        TestDevice device = newAccountDevice();
        var identity = cic.server().auth().tokens().verify(device.accessToken()).join().orElseThrow();
        assertThat(say(device, "set an alarm for 7 am tomorrow").directive("Alerts.SetAlert").payload()
                .get("scheduledTime").asText()).endsWith("T07:00:00+09:00"); // the server's zone

        cic.server().zones().set(identity.accountId(), "", ZoneId.of("Europe/Paris"));
        assertThat(say(device, "set an alarm for 7 am tomorrow").directive("Alerts.SetAlert").payload()
                .get("scheduledTime").asText()).endsWith("T07:00:00+01:00");

        cic.server().zones().set(identity.accountId(), identity.deviceId(), ZoneId.of("America/New_York"));
        Directive ny = say(device, "set an alarm for 7 am tomorrow").directive("Alerts.SetAlert");
        assertThat(ny.payload().get("scheduledTime").asText()).endsWith("T07:00:00-05:00");
        assertThat(ZonedDateTime.parse(ny.payload().get("scheduledTime").asText()).toLocalDate())
                .isEqualTo(ZonedDateTime.now(ZoneId.of("America/New_York")).toLocalDate().plusDays(1));
    }

    @Test
    void theAccountsOtherConnectedDevicesAreToldOfEachChange() throws Exception {
        String user = "u" + UUID.randomUUID().toString().substring(0, 8);
        cic.server().auth().accounts().createAccount(user, "a long enough password".toCharArray());
        try (TestDevice kitchen = deviceOf(user, "a long enough password");
             TestDevice bedroom = deviceOf(user, "a long enough password", false)) {
            StreamedParts down = bedroom.connect();
            Directive set = say(kitchen, "set an alarm for 6 am tomorrow").directive("Alerts.SetAlert");

            Directive pushed = down.next(Duration.ofSeconds(10)).directive();
            assertThat(pushed.header().qualifiedName()).isEqualTo("Alerts.SetAlert");
            assertThat(pushed.dialogRequestId()).isNull();
            assertThat(pushed.payload()).isEqualTo(set.payload());

            say(kitchen, "delete my alarm");
            Directive deleted = down.next(Duration.ofSeconds(10)).directive();
            assertThat(deleted.header().qualifiedName()).isEqualTo("Alerts.DeleteAlert");
            assertThat(deleted.payload().get("token")).isEqualTo(set.payload().get("token"));
        }
    }

    // ---- helpers ----

    record Answer(List<Directive> directives) {
        Directive directive(String qualifiedName) {
            return directives.stream().filter(d -> d.header().qualifiedName().equals(qualifiedName)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + qualifiedName + " in " + names()));
        }

        List<String> names() {
            return directives.stream().map(d -> d.header().qualifiedName()).toList();
        }

        /** What the device shows: the RenderText text, or the spoken text with a template. */
        String text() {
            return directives.stream().filter(d -> d.header().qualifiedName().equals("Clova.RenderText")).findFirst()
                    .map(d -> d.payload().get("text").asText())
                    .orElseGet(() -> directive("SpeechSynthesizer.Speak").payload().get("ttsText").asText());
        }
    }

    static Answer say(TestDevice device, String text) throws Exception {
        return say(device, text, UUID.randomUUID().toString());
    }

    static Answer say(TestDevice device, String text, String dialogRequestId) throws Exception {
        StreamedParts res = device.send("TextRecognizer", "Recognize", dialogRequestId,
                                        TestDevice.payload().put("text", text));
        assertThat(res.status()).isEqualTo(200);
        return new Answer(res.directives());
    }

    static StreamedParts report(TestDevice device, String name, String token, String type) throws Exception {
        return device.send("Alerts", name, null, TestDevice.payload().put("token", token).put("type", type));
    }

    static void assertRejected(StreamedParts res, int status, String descriptionPart) throws Exception {
        assertThat(res.status()).isEqualTo(status);
        JsonNode json = MessageCodec.mapper().readTree(res.next().body());
        JsonNode exception = json.has("directive") ? json.get("directive") : json;
        assertThat(exception.at("/header/namespace").asText()).isEqualTo("System");
        assertThat(exception.at("/header/name").asText()).isEqualTo("Exception");
        assertThat(exception.at("/payload/code").asInt()).isEqualTo(status);
        assertThat(exception.at("/payload/description").asText()).contains(descriptionPart)
                .doesNotContain("\tat ");
    }

    /** A device of a fresh account, so a test starts with no alerts. */
    static TestDevice newAccountDevice() throws Exception {
        String user = "u" + UUID.randomUUID().toString().substring(0, 8);
        cic.server().auth().accounts().createAccount(user, "a long enough password".toCharArray());
        return deviceOf(user, "a long enough password");
    }

    /** The login → authorize → token flow for another account than the extension's. */
    static TestDevice deviceOf(String user, String password) {
        return deviceOf(user, password, true);
    }

    static TestDevice deviceOf(String user, String password, boolean connect) {
        WebClient c = cic.client();
        String accountToken = CicServerExtension.json(c.execute(RequestHeaders.of(HttpMethod.POST, "/accounts/login",
                        "content-type", MediaType.FORM_DATA),
                CicServerExtension.form("username", user, "password", password).toQueryString()).aggregate().join())
                .get("access_token").asText();
        String deviceId = "device-" + UUID.randomUUID();
        String code = CicServerExtension.json(c.prepare().get("/authorize")
                .queryParams(CicServerExtension.form("client_id", cic.clientId(), "device_id", deviceId,
                        "model_id", "test", "response_type", "code", "state", "s"))
                .header("authorization", "Bearer " + accountToken).execute().aggregate().join()).get("code").asText();
        JsonNode token = CicServerExtension.json(c.execute(RequestHeaders.of(HttpMethod.POST, "/token",
                        "content-type", MediaType.FORM_DATA),
                CicServerExtension.form("grant_type", "authorization_code", "client_id", cic.clientId(),
                        "client_secret", cic.clientSecret(), "code", code, "device_id", deviceId).toQueryString())
                .aggregate().join());
        TestDevice device = new TestDevice(cic.h2cUri(), deviceId, token.get("access_token").asText());
        if (!connect) {
            return device;
        }
        try {
            device.connect(); // events need an open downchannel
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return device;
    }
}
