package dev.opencic.server.skill.household;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension.TokenPair;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.SpokenRequests;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestCluster;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arbitration across the nodes of a cluster (cluster.RedisSpeechArbiter), two nodes on one Redis and
 * one PostgreSQL, real speech over real HTTP/2: two devices of one account on different nodes hearing
 * the same utterance get one answer, on the louder, and one action; the quieter is stopped. A device
 * alone in its account answers without a contest.
 */
class ClusterArbitrationTest {

    private static final String PASSWORD = "a long enough password";
    private static TestCluster cluster;
    private static byte[] loud;
    private static byte[] quiet;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start("cluster_arbitration", 2, b -> b.asrPoolSize(2)
                .asrMaxWait(Duration.ofSeconds(20)).arbitrationWindow(Duration.ofMillis(300)), s -> { });
        Engines.requireRecognizer(cluster.node(1).server().asr());
        loud = SpokenRequests.speak("set a timer for five minutes");
        quiet = ArbitrationTest.scaled(loud, 0.2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void devicesOnDifferentNodesAreArbitratedOnceTheLouderAnswers() throws Exception {
        String user = newUser();
        try (TestDevice near = deviceOn(1, user, "near-" + UUID.randomUUID());
             TestDevice far = deviceOn(2, user, "far-" + UUID.randomUUID())) {
            near.connect();
            StreamedParts farDown = far.connect();
            // Each node sees the other's device connected (its presence in Redis): the account has two.
            await().atMost(Duration.ofSeconds(15)).until(() -> cluster.node(2).server().pusher().isOpen(identity(near))
                    && cluster.node(1).server().pusher().isOpen(identity(far)));
            double losersBefore = counted("cic.arbitration.losers");
            double contestsBefore = counted("cic.arbitrations");

            List<StreamedParts> answers = together(List.of(far, near), List.of(quiet, loud), 1);
            assertThat(answers.get(1).directives()).extracting(d -> d.header().qualifiedName())
                    .contains("SpeechSynthesizer.Speak", "Alerts.SetAlert");
            List<Directive> farAnswer = answers.get(0).directives();
            assertThat(farAnswer).as("the quieter device, on the other node, gets no answer and no action").isEmpty();
            assertThat(stopCaptureArrives(farDown)).isTrue();
            assertThat(counted("cic.arbitrations")).as("decided once, on one node").isEqualTo(contestsBefore + 1);
            assertThat(counted("cic.arbitration.losers")).isEqualTo(losersBefore + 1);
        }
    }

    @Test
    void aDeviceAloneInItsAccountAnswersWithoutAContest() throws Exception {
        try (TestDevice only = deviceOn(2, newUser(), "only-" + UUID.randomUUID())) {
            only.connect();
            double aloneBefore = counted("cic.arbitration.alone");
            List<StreamedParts> answers = together(List.of(only), List.of(loud), 1);
            assertThat(answers.get(0).directives()).extracting(d -> d.header().qualifiedName()).contains("Alerts.SetAlert");
            assertThat(counted("cic.arbitration.alone")).isEqualTo(aloneBefore + 1);
        }
    }

    private static TestDevice deviceOn(int node, String user, String deviceId) {
        TokenPair token = cluster.node(1).obtainToken(user, PASSWORD, deviceId);
        return new TestDevice(cluster.node(node).h2cUri(), deviceId, token.accessToken());
    }

    private static dev.opencic.server.api.DeviceIdentity identity(TestDevice device) {
        return cluster.node(1).server().auth().tokens().verify(device.accessToken()).join().orElseThrow();
    }

    private static List<StreamedParts> together(List<TestDevice> devices, List<byte[]> audio, int contests)
            throws Exception {
        return StreamedTogether.stream(devices, audio, () -> counted("cic.arbitration.decisions"), contests);
    }

    private static boolean stopCaptureArrives(StreamedParts down) throws Exception {
        return StreamedTogether.stopCaptureArrives(down);
    }

    /** The counter summed over the nodes. */
    private static double counted(String name) {
        double sum = 0;
        for (int n = 1; n <= cluster.size(); n++) {
            var c = cluster.node(n).server().meters().find(name).counter();
            sum += c == null ? 0 : c.count();
        }
        return sum;
    }

    private static String newUser() {
        String user = "c" + UUID.randomUUID().toString().substring(0, 8);
        cluster.node(1).server().auth().accounts().createAccount(user, PASSWORD.toCharArray());
        return user;
    }
}
