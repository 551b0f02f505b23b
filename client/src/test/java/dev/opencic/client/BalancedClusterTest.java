package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.ClusterDemoProcess;
import dev.opencic.server.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's balancer test, on {@code ./cic cluster-demo} as a user runs it (PostgreSQL, Redis,
 * three nodes, HAProxy in TCP mode): the SDK connects through the balancer; {@code kill -9} of the
 * node holding its downchannel makes the SDK reconnect with backoff through the balancer to
 * another node, where the reminder it set before arrives, once. Then Ctrl-C (SIGTERM) stops the
 * demo and every process it started.
 */
class BalancedClusterTest {

    static final Duration AWAIT = Duration.ofSeconds(90);

    @Test
    void aDeviceWhoseNodeIsKilledReconnectsThroughTheBalancerAndHearsItsReminderOnce() throws Exception {
        Path parent = Files.createTempDirectory("cic-balanced");
        // PostgreSQL runs as the postgres user when the test runs as root: it must reach the directory.
        Files.setPosixFilePermissions(parent, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = Files.createDirectories(parent.resolve("demo"));
        List<Long> started;
        try (ClusterDemoProcess demo = ClusterDemoProcess.start(dir, 3, "asr-pool-size=0")) {
            assertThat(demo.stdout()).containsExactly("devices: " + demo.devicesUrl());
            ServerProcess.Credentials credentials = demo.seed();
            List<String> texts = new CopyOnWriteArrayList<>();
            CicClient client = CicClient.builder()
                    .serverUrl(demo.devicesUrl())
                    .clientCredentials(credentials.clientId(), credentials.clientSecret())
                    .deviceId("balanced-speaker")
                    .modelId("test-model")
                    .tokenStore(new FileTokenStore(dir.resolve("tokens.json")))
                    .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                    .connectTimeout(Duration.ofSeconds(10))
                    .directiveListener(new DirectiveListener() {
                        @Override
                        public void onDirective(ReceivedDirective d) {
                            if (d.header().qualifiedName().equals("Clova.RenderText")) {
                                texts.add(PayloadJson.of(d).path("text").asText());
                            }
                        }
                    })
                    .build();
            try (client) {
                client.login(ServerProcess.USER, ServerProcess.PASSWORD);
                client.start();
                client.whenConnected().orTimeout(60, TimeUnit.SECONDS).join();
                int holder = holder(demo);

                // The reminder is due after the node is gone; the marker after that, to see "once".
                assertThat(client.recognizeText("remind me to water the plants in 15 seconds")
                        .get(60, TimeUnit.SECONDS).httpStatus()).isEqualTo(200);
                assertThat(client.recognizeText("remind me to lock the door in 25 seconds")
                        .get(60, TimeUnit.SECONDS).httpStatus()).isEqualTo(200);
                int opens = client.downchannelOpens();
                demo.killNode(holder);

                await().atMost(AWAIT).until(() -> client.downchannelOpens() > opens
                        && client.state() == ConnectionState.CONNECTED);
                int newHolder = holder(demo, holder);
                assertThat(newHolder).as("reconnected through the balancer to a live node").isNotEqualTo(holder);

                await().atMost(AWAIT).until(() -> texts.contains("Reminder: lock the door."));
                assertThat(texts).as("the reminder set on the killed node, once, before the marker")
                        .containsSubsequence("Reminder: water the plants.", "Reminder: lock the door.");
                assertThat(texts.stream().filter("Reminder: water the plants."::equals).count()).isEqualTo(1);
            }
            started = demo.startedPids();
            demo.stop(); // SIGTERM, as Ctrl-C: the demo's shutdown hook stops what it started
        }
        // Nothing it started is left: nodes, Redis, HAProxy, PostgreSQL.
        await().atMost(Duration.ofSeconds(30)).until(() -> started.stream()
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }

    /** The one node (of three) holding the downchannel, skipping a killed one. */
    private static int holder(ClusterDemoProcess demo, int... dead) throws Exception {
        int[] found = new int[1];
        await().atMost(AWAIT).until(() -> {
            for (int n = 1; n <= 3; n++) {
                final int node = n;
                if (java.util.Arrays.stream(dead).noneMatch(d -> d == node) && demo.downchannelsOn(n) == 1) {
                    found[0] = n;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
