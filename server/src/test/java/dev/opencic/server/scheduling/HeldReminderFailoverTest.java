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
import dev.opencic.server.testing.TestPostgres;
import dev.opencic.server.testing.UnacknowledgingDevice;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * Issue 19: a reminder HELD while its device was offline is spoken when the device reconnects; if
 * the node it reconnected to is killed ({@code kill -9}) in the middle of that delivery, the claim
 * must not stay DELIVERING until some node restarts. The held reminder is delivered by a
 * db-scheduler task run at once, whose heartbeat is the claim's lease: the surviving node finds the
 * execution dead (1 s x 4 here) and speaks it, once, to the device now connected there.
 *
 * <p>As in {@link ClaimedReminderFailoverTest}, the in-JVM node runs 10 minutes behind, so it cannot
 * take the work before the killed process does; the test moves it to the present after the kill.
 */
class HeldReminderFailoverTest {

    static final Duration AWAIT = Duration.ofSeconds(60);
    static final MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofMinutes(10)));
    static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start("held_reminder", 1, b -> b.asrPoolSize(0)
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
    void aHeldReminderWhoseReconnectDeliveryDiesWithItsNodeIsSpokenOnceByAnother() throws Exception {
        String id = "speaker-" + UUID.randomUUID();
        TokenPair token = cluster.node(1).obtainToken(id);
        DeviceIdentity identity = cluster.node(1).server().auth().tokens().verify(token.accessToken()).join()
                .orElseThrow();
        double deliveredBefore = delivered();
        Path dir = Files.createTempDirectory("cic-held-node");
        List<String> settings = new ArrayList<>(List.of(cluster.processNodeSettings("node-holding")));
        settings.addAll(List.of("scheduler-heartbeat-ms=1000", "scheduler-missed-heartbeats=4",
                "ping-interval-ms=120000"));
        try (ServerProcess holding = ServerProcess.start(dir, settings.toArray(String[]::new))) {
            // Set, then the device goes offline: when it comes due it is held.
            try (TestDevice setter = new TestDevice(holding.h2cUri(), id, token.accessToken())) {
                setter.connect();
                say(setter, "remind me to water the ferns in 3 seconds");
            }
            await().atMost(AWAIT).until(() -> "HELD".equals(state(identity)));
            // The device comes back on that node, which pushes the held reminder and waits for the PING ACK.
            try (UnacknowledgingDevice mute = new UnacknowledgingDevice("127.0.0.1", holding.httpPort(),
                    token.accessToken(), "Reminder: water the ferns.")) {
                assertThat(mute.pingedAfterAwaited().await(AWAIT.toSeconds(), TimeUnit.SECONDS))
                        .as("the node pushed the held reminder and waits for its confirmation").isTrue();
                assertThat(state(identity)).isEqualTo("DELIVERING");
                holding.kill();
            }
        }

        try (TestDevice back = new TestDevice(cluster.node(1).h2cUri(), id, token.accessToken())) {
            StreamedParts down = back.connect();
            // Polled with the node's clock in the present: the dead execution's heartbeats are old, its revival due.
            String reminder = down.awaitDirective("Clova.RenderText", AWAIT, clock::catchUp).payload().path("text")
                    .asText();
            assertThat(reminder).isEqualTo("Reminder: water the ferns.");
            await().atMost(AWAIT).until(() -> delivered() > deliveredBefore);
            // Once: a marker pushed behind it arrives with no second reminder before it.
            Directive marker = Directive.of("Test", "Marker", null);
            assertThat(cluster.node(1).server().pusher().push(identity, Reply.of(marker)).get(15, TimeUnit.SECONDS))
                    .isTrue();
            assertThat(down.namesBefore(marker.header().messageId(), AWAIT)).doesNotContain("Clova.RenderText");
            assertThat(delivered()).isEqualTo(deliveredBefore + 1);
            assertThat(state(identity)).isEqualTo("DELIVERED");
        }
    }

    /** The state of the device's one reminder, read from the cluster's database. */
    private static String state(DeviceIdentity device) throws Exception {
        TestPostgres pg = TestPostgres.get();
        try (Connection c = DriverManager.getConnection(cluster.dbUrl(), pg.user(), pg.password());
             PreparedStatement q = c.prepareStatement(
                     "SELECT state FROM reminders WHERE account_id = ? AND device_id = ? AND deleted = FALSE")) {
            q.setString(1, device.accountId());
            q.setString(2, device.deviceId());
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static double delivered() {
        Counter c = cluster.node(1).server().meters().find("cic.reminders.delivered").counter();
        return c == null ? 0 : c.count();
    }
}
