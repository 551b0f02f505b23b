package dev.opencic.server.scheduling;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.protocol.Directive;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import dev.opencic.server.testing.CicServerExtension.TokenPair;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.ServerProcess;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestCluster;
import dev.opencic.server.testing.TestDevice;
import dev.opencic.server.testing.UnacknowledgingDevice;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 4: {@code kill -9} of the node that claimed a due reminder. The reminder is set on a
 * {@code ./cic serve} process whose device never acknowledges the PING that confirms a push, so that
 * node is caught in the middle of the delivery (its db-scheduler execution picked, the reminder
 * claimed) when it is killed. The other node finds the execution dead once the heartbeats stop
 * (1 s x 4 here) and speaks the reminder to the device, which reconnected there, once.
 *
 * <p>The in-JVM node runs on a clock 10 minutes behind, so it cannot take the reminder before the
 * process does; the test moves it to the present after the kill.
 */
class ClaimedReminderFailoverTest {

    static final Duration AWAIT = Duration.ofSeconds(60);
    static final MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofMinutes(10)));
    static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start("claimed_reminder", 1, b -> b.asrPoolSize(0)
                .accessTokenTtl(Duration.ofHours(2)).schedulerHeartbeat(Duration.ofSeconds(1))
                .schedulerMissedHeartbeats(4), s -> s.clock(clock));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aReminderClaimedByAKilledNodeIsSpokenOnceByAnother() throws Exception {
        String id = "speaker-" + UUID.randomUUID();
        TokenPair token = cluster.node(1).obtainToken(id);
        DeviceIdentity identity = cluster.node(1).server().auth().tokens().verify(token.accessToken()).join()
                .orElseThrow();
        double deliveredBefore = delivered();
        Path dir = Files.createTempDirectory("cic-claiming-node");
        List<String> settings = new ArrayList<>(List.of(cluster.processNodeSettings("node-claiming")));
        // A long PING wait: the delivery stays pending until the kill.
        settings.addAll(List.of("scheduler-heartbeat-ms=1000", "scheduler-missed-heartbeats=4",
                "ping-interval-ms=120000"));
        try (ServerProcess claiming = ServerProcess.start(dir, settings.toArray(String[]::new));
             UnacknowledgingDevice mute = new UnacknowledgingDevice("127.0.0.1", claiming.httpPort(),
                     token.accessToken(), "Reminder: feed the cat.")) {
            await().atMost(AWAIT).until(() -> cluster.node(1).server().pusher().isOpen(identity));
            try (TestDevice setter = new TestDevice(claiming.h2cUri(), id, token.accessToken())) {
                say(setter, "remind me to feed the cat in 2 seconds");
            }
            assertThat(mute.pingedAfterAwaited().await(AWAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("the claiming node pushed the reminder and waits for its confirmation").isTrue();
            claiming.kill();
        }

        try (TestDevice back = new TestDevice(cluster.node(1).h2cUri(), id, token.accessToken())) {
            StreamedParts down = back.connect();
            // The present: the dead execution's heartbeat is old now, and its revival due.
            clock.advance(Duration.between(clock.instant(), Instant.now()));
            String reminder = down.awaitDirective("Clova.RenderText", AWAIT, clock::catchUp).payload().path("text")
                    .asText();
            assertThat(reminder).isEqualTo("Reminder: feed the cat.");
            await().atMost(AWAIT).until(() -> delivered() > deliveredBefore);
            // Once: a marker pushed behind it arrives with no second reminder before it.
            Directive marker = Directive.of("Test", "Marker", null);
            assertThat(cluster.node(1).server().pusher().push(identity, Reply.of(marker)).get(15, TimeUnit.SECONDS))
                    .isTrue();
            assertThat(down.namesBefore(marker.header().messageId(), AWAIT)).doesNotContain("Clova.RenderText");
            assertThat(delivered()).isEqualTo(deliveredBefore + 1);
        }
    }

    private static double delivered() {
        Counter c = cluster.node(1).server().meters().find("cic.reminders.delivered").counter();
        return c == null ? 0 : c.count();
    }
}
