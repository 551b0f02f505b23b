package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.agent.LocalAlertsAgent;
import dev.opencic.server.testing.CicServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The device keeps its alerts and rings them by itself, server or no server. */
class LocalAlertsTest {

    static final int PORT = freePort();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0).port(PORT));

    /** A fixed port, so the server comes back where the client looks for it. */
    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

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
    static CicClient ownAccount(java.util.function.Consumer<CicClient.Builder> customizer) throws Exception {
        String user = "u" + java.util.UUID.randomUUID().toString().substring(0, 8);
        cic.server().auth().accounts().createAccount(user, "a long enough password".toCharArray());
        CicClient.Builder b = Clients.builder(cic, "device-" + java.util.UUID.randomUUID());
        customizer.accept(b);
        CicClient client = b.build();
        client.login(user, "a long enough password");
        client.start();
        client.whenConnected().orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    @Test
    void anAlertRingsWithTheServerStoppedAndTheServerLearnsOfItWhenItIsBack() throws Exception {
        Path store = Files.createTempDirectory("device-config").resolve("alerts.json");
        RecordingRinger ringer = new RecordingRinger();
        try (LocalAlertsAgent alerts = new LocalAlertsAgent(store, ringer, Duration.ofSeconds(1), Clock.systemUTC());
             CicClient client = ownAccount(b -> b.agent(alerts).contextProvider(alerts.context()))) {
            assertThat(say(client, "set a timer for 5 seconds")).isEqualTo("Okay, 5 seconds, starting now.");
            await().atMost(Duration.ofSeconds(10)).until(() -> alerts.alerts().size() == 1
                                                             && alerts.unsentReports().isEmpty());
            String token = alerts.alerts().get(0).token();
            assertThat(Files.readString(store)).contains(token);

            cic.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.state() != ConnectionState.CONNECTED);

            await().atMost(Duration.ofSeconds(15)).until(() -> ringer.events.size() == 2);
            assertThat(ringer.events).containsExactly("start " + token, "stop " + token);
            assertThat(alerts.unsentReports()).containsSubsequence("AlertStarted", "AlertStopped");
            assertThat(alerts.alerts()).isEmpty();

            cic.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> alerts.unsentReports().isEmpty());
            assertThat(say(client, "how much time is left on my timer")).isEqualTo("You don't have any timers running.");
            assertThat(alerts.alerts()).isEmpty();
        }
    }

    @Test
    void alertsSurviveARestartOfTheDeviceAndRingWithoutAnyServer() throws Exception {
        Path store = Files.createTempDirectory("device-config").resolve("alerts.json");
        String token;
        try (LocalAlertsAgent alerts = new LocalAlertsAgent(store, new RecordingRinger(), Duration.ofSeconds(1),
                                                           Clock.systemUTC());
             CicClient client = ownAccount(b -> b.agent(alerts).contextProvider(alerts.context()))) {
            say(client, "set a timer for 4 seconds");
            await().atMost(Duration.ofSeconds(10)).until(() -> alerts.alerts().size() == 1);
            token = alerts.alerts().get(0).token();
        }

        RecordingRinger ringer = new RecordingRinger();
        try (LocalAlertsAgent restarted = new LocalAlertsAgent(store, ringer, Duration.ofSeconds(1),
                                                              Clock.systemUTC())) {
            assertThat(restarted.alerts()).extracting(LocalAlertsAgent.Alert::token).containsExactly(token);
            await().atMost(Duration.ofSeconds(10)).until(() -> ringer.events.contains("start " + token));
            assertThat(restarted.ringing()).containsExactly(token);
            assertThat(restarted.context().context().map(dev.opencic.client.internal.ContextJson::toJson).orElseThrow().payload().get("activeAlerts").toString())
                    .contains(token);
            restarted.stopRinging(token);
            assertThat(ringer.events).containsExactly("start " + token, "stop " + token);
            assertThat(restarted.unsentReports()).endsWith("AlertStarted", "AlertStopped");
        }
    }
}
