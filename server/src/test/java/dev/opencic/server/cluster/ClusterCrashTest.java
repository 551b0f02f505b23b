package dev.opencic.server.cluster;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.protocol.Directive;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import dev.opencic.server.testing.CicServerExtension.TokenPair;
import dev.opencic.server.testing.ServerProcess;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestCluster;
import dev.opencic.server.testing.TestDevice;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node killed with {@code kill -9} (a {@code ./cic serve} process, node "crashing") while a device
 * holds its downchannel there: its presence is gone within seconds, so the cluster stops routing to
 * it; the device reconnects to node 1, and a reminder it set before the crash is spoken there, once.
 * Runs on the system clock (the process cannot share a test clock): the reminder is due 3 s after it
 * is set, and the test waits for it to arrive, never to see that nothing does.
 */
class ClusterCrashTest {

    static final Duration AWAIT = Duration.ofSeconds(30);
    static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start("cluster_crash", 1, b -> b.asrPoolSize(0), s -> {});
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aKilledNodesDevicesAreNoLongerRoutedToAndTheirRemindersFireOnceWhereTheyReconnect() throws Exception {
        String id = "speaker-" + UUID.randomUUID();
        TokenPair token = cluster.node(1).obtainToken(id);
        DeviceIdentity identity = cluster.node(1).server().auth().tokens().verify(token.accessToken()).join()
                .orElseThrow();
        Path dir = Files.createTempDirectory("cic-crash-node");
        double deliveredBefore = delivered();
        try (ServerProcess crashing = ServerProcess.start(dir, cluster.processNodeSettings("node-crashing"))) {
            TestDevice onCrashing = new TestDevice(crashing.h2cUri(), id, token.accessToken());
            onCrashing.connect();
            await().atMost(AWAIT).until(() -> cluster.node(1).server().pusher().isOpen(identity));
            try (TestDevice setter = new TestDevice(cluster.node(1).h2cUri(), id, token.accessToken())) {
                say(setter, "remind me to close the window in 3 seconds");
            }
            crashing.kill();
            long killed = System.nanoTime();
            onCrashing.close();

            await().atMost(AWAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> !cluster.node(1).server().pusher().isOpen(identity));
            Duration gone = Duration.ofNanos(System.nanoTime() - killed);
            assertThat(gone).as("presence of a killed node's device").isLessThan(Duration.ofSeconds(10));

            try (TestDevice back = new TestDevice(cluster.node(1).h2cUri(), id, token.accessToken())) {
                StreamedParts down = back.connect();
                String reminder = down.awaitDirective("Clova.RenderText", AWAIT, () -> { }).payload().path("text")
                        .asText();
                assertThat(reminder).isEqualTo("Reminder: close the window.");
                await().atMost(AWAIT).until(() -> delivered() > deliveredBefore);
                // Once: a marker pushed behind it arrives with no second reminder before it.
                Directive marker = Directive.of("Test", "Marker", null);
                assertThat(cluster.node(1).server().pusher().push(identity, Reply.of(marker)).get(15, TimeUnit.SECONDS))
                        .isTrue();
                assertThat(down.namesBefore(marker.header().messageId(), AWAIT)).doesNotContain("Clova.RenderText");
                assertThat(delivered()).isEqualTo(deliveredBefore + 1);
            }
        }
    }

    private static double delivered() {
        Counter c = cluster.node(1).server().meters().find("cic.reminders.delivered").counter();
        return c == null ? 0 : c.count();
    }
}
