package dev.opencic.client.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.internal.RealReceivedDirective;
import dev.opencic.protocol.Directive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device's own alert book-keeping, without any server. */
class LocalAlertsAgentTest {

    @TempDir
    Path dir;

    final List<String> rings = new CopyOnWriteArrayList<>();
    final LocalAlertsAgent.Ringer ringer = new LocalAlertsAgent.Ringer() {
        @Override
        public void start(LocalAlertsAgent.Alert alert) {
            rings.add("start " + alert.token());
        }

        @Override
        public void stop(LocalAlertsAgent.Alert alert) {
            rings.add("stop " + alert.token());
        }
    };

    static ReceivedDirective directive(String name, ObjectNode payload) {
        Directive d = new Directive(dev.opencic.protocol.Header.of("Alerts", name, null), payload);
        return new RealReceivedDirective(d, ReceivedDirective.Source.DOWNCHANNEL);
    }

    static ObjectNode setAlert(String token, ZonedDateTime at, String... days) {
        ObjectNode p = dev.opencic.protocol.MessageCodec.mapper().createObjectNode()
                .put("token", token).put("type", "ALARM").put("scheduledTime", at.toOffsetDateTime().toString());
        if (days.length > 0) {
            var array = p.putArray("daysOfWeek");
            List.of(days).forEach(array::add);
        }
        return p;
    }

    @Test
    void aRepeatingAlarmRingsThenWaitsForItsNextDayEvenOffline() throws Exception {
        try (LocalAlertsAgent agent = new LocalAlertsAgent(dir.resolve("alerts.json"), ringer,
                                                           Duration.ofMillis(300), Clock.systemUTC())) {
            ZonedDateTime soon = ZonedDateTime.now(ZoneId.of("Asia/Tokyo")).plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
            String[] everyDay = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
            agent.handle(directive("SetAlert", setAlert("daily", soon, everyDay)), null);
            assertThat(agent.alerts()).singleElement().satisfies(a -> {
                assertThat(a.daysOfWeek()).isEqualTo(EnumSet.allOf(DayOfWeek.class));
                assertThat(a.repeats()).isTrue();
            });

            await().atMost(Duration.ofSeconds(10)).until(() -> rings.size() == 2);
            assertThat(rings).containsExactly("start daily", "stop daily");
            assertThat(agent.alerts()).singleElement().extracting(LocalAlertsAgent.Alert::scheduledTime)
                    .satisfies(t -> assertThat(t.toInstant()).isEqualTo(soon.plusDays(1).toInstant()));
            assertThat(agent.unsentReports()).containsExactly("SetAlertSucceeded", "AlertStarted", "AlertStopped");
        }
    }

    @Test
    void deleteSynchronizeAndBadDirectivesAreReportedAndSaved() throws Exception {
        Path store = dir.resolve("alerts.json");
        ZonedDateTime later = ZonedDateTime.now().plusHours(3);
        try (LocalAlertsAgent agent = new LocalAlertsAgent(store, ringer, Duration.ofSeconds(1), Clock.systemUTC())) {
            agent.handle(directive("SetAlert", setAlert("a", later)), null);
            agent.handle(directive("SetAlert", setAlert("b", later.plusHours(1))), null);
            agent.handle(directive("SetAlert", setAlert("bad", later).put("scheduledTime", "tomorrow-ish")), null);
            agent.handle(directive("DeleteAlert", setAlert("a", later)), null);
            assertThat(agent.alerts()).extracting(LocalAlertsAgent.Alert::token).containsExactly("b");

            ObjectNode sync = dev.opencic.protocol.MessageCodec.mapper().createObjectNode();
            sync.putArray("allAlerts").add(setAlert("c", later));
            agent.handle(directive("SynchronizeAlert", sync), null);
            assertThat(agent.alerts()).extracting(LocalAlertsAgent.Alert::token).containsExactly("c");
            assertThat(agent.context().context().map(dev.opencic.client.internal.ContextJson::toJson).orElseThrow().payload().get("allAlerts").toString()).contains("\"c\"");
            assertThat(agent.unsentReports()).containsExactly("SetAlertSucceeded", "SetAlertSucceeded",
                                                              "SetAlertFailed", "DeleteAlertSucceeded");
        }
        try (LocalAlertsAgent reloaded = new LocalAlertsAgent(store, ringer, Duration.ofSeconds(1), Clock.systemUTC())) {
            assertThat(reloaded.alerts()).extracting(LocalAlertsAgent.Alert::token).containsExactly("c");
            assertThat(reloaded.unsentReports()).hasSize(4);
        }
        assertThat(Files.readString(store)).contains("\"outbox\"");
    }
}
