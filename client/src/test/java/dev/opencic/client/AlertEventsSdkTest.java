package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.agent.LocalAlertsAgent;
import dev.opencic.server.testing.CicServerExtension;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code Alerts.RequestAlertStop} and {@code Alerts.DeleteAlertFailed} sent through the SDK to the real server. */
class AlertEventsSdkTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    static final class RecordingRinger implements LocalAlertsAgent.Ringer {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void start(LocalAlertsAgent.Alert alert) {
            events.add("start " + alert.token());
        }

        @Override
        public void stop(LocalAlertsAgent.Alert alert) {
            events.add("stop " + alert.token());
        }
    }

    static String say(CicClient client, String text) throws Exception {
        EventResponse r = client.recognizeText(text).get(20, TimeUnit.SECONDS);
        return r.directives().stream().filter(d -> d.name().equals("RenderText")).findFirst()
                .map(d -> PayloadJson.of(d).get("text").asText()).orElse("");
    }

    /** A started client of a new account, so no other test's alerts are synchronised to it. */
    static CicClient ownAccount(LocalAlertsAgent alerts) throws Exception {
        String user = "u" + java.util.UUID.randomUUID().toString().substring(0, 8);
        cic.server().auth().accounts().createAccount(user, "a long enough password".toCharArray());
        CicClient client = Clients.builder(cic, "device-" + java.util.UUID.randomUUID())
                .agent(alerts).contextProvider(alerts.context()).build();
        client.login(user, "a long enough password");
        client.start();
        client.whenConnected().orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    static LocalAlertsAgent agent(RecordingRinger ringer) throws Exception {
        return new LocalAlertsAgent(Files.createTempDirectory("device-config").resolve("alerts.json"), ringer,
                Duration.ofMinutes(5), Clock.systemUTC());
    }

    @Test
    void requestAlertStopIsAnsweredWithStopAlertAndTheServerForgetsTheTimer() throws Exception {
        RecordingRinger ringer = new RecordingRinger();
        try (LocalAlertsAgent alerts = agent(ringer); CicClient client = ownAccount(alerts)) {
            say(client, "set a timer for 3 seconds");
            await().atMost(Duration.ofSeconds(10)).until(() -> alerts.alerts().size() == 1);
            String token = alerts.alerts().get(0).token();
            // Ringing (for 5 minutes unless stopped), and the server knows it rings.
            await().atMost(Duration.ofSeconds(15)).until(() -> alerts.ringing().contains(token)
                                                             && alerts.unsentReports().isEmpty());

            EventResponse r = alerts.requestAlertStop(token).get(20, TimeUnit.SECONDS);
            r.processed().get(10, TimeUnit.SECONDS);

            assertThat(r.directives()).extracting(ReceivedDirective::name).contains("StopAlert");
            assertThat(ringer.events).containsExactly("start " + token, "stop " + token);
            assertThat(alerts.ringing()).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> alerts.unsentReports().isEmpty());
            assertThat(say(client, "how much time is left on my timer")).isEqualTo("You don't have any timers running.");
            assertThat(alerts.alerts()).isEmpty();
        }
    }

    @Test
    void deleteAlertFailedForATimerTheServerKeepsIsAnsweredWithItsSetAlert() throws Exception {
        try (LocalAlertsAgent alerts = agent(new RecordingRinger()); CicClient client = ownAccount(alerts)) {
            say(client, "set a timer for 10 minutes");
            await().atMost(Duration.ofSeconds(10)).until(() -> alerts.alerts().size() == 1
                                                             && alerts.unsentReports().isEmpty());
            String token = alerts.alerts().get(0).token();

            EventResponse r = alerts.reportDeleteAlertFailed(token, "TIMER").get(20, TimeUnit.SECONDS);
            r.processed().get(10, TimeUnit.SECONDS);

            assertThat(r.directives()).filteredOn(d -> d.name().equals("SetAlert"))
                    .extracting(d -> PayloadJson.of(d).get("token").asText()).containsExactly(token);
            assertThat(alerts.alerts()).extracting(LocalAlertsAgent.Alert::token).containsExactly(token);
            assertThat(say(client, "how much time is left on my timer")).isNotEqualTo("You don't have any timers running.");
        }
    }

    @Test
    void deleteAlertFailedForAnAlertTheServerDoesNotKeepIsABadRequest() throws Exception {
        try (LocalAlertsAgent alerts = agent(new RecordingRinger()); CicClient client = ownAccount(alerts)) {
            Throwable failure = catchThrowable(() -> alerts.reportDeleteAlertFailed("no-such-token", "TIMER")
                    .get(20, TimeUnit.SECONDS));

            assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(CicException.class);
            assertThat(((CicException) failure.getCause()).httpStatus()).isEqualTo(400);
        }
    }

    @Test
    void eventMethodsNeedAClient() {
        var unattached = new dev.opencic.client.agent.AlertsAgent();
        assertThat(catchThrowable(() -> unattached.requestAlertStop("t", "TIMER")))
                .isInstanceOf(IllegalStateException.class);
    }
}
