package dev.opencic.server.cluster;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.client.WebClient;
import com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter;
import dev.opencic.protocol.Directive;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.CicServerExtension.TokenPair;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestCluster;
import dev.opencic.server.testing.TestDevice;
import io.micrometer.core.instrument.Counter;
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
 * Three nodes on one PostgreSQL database and one Redis, over real HTTP/2: a device's downchannel on
 * one node receives what any node pushes (reminders fire once, wherever the scheduler ran them); one
 * downchannel per device across the cluster; a token revoked on one node is refused on the others.
 */
class ClusterTest {

    static final Duration AWAIT = Duration.ofSeconds(15);
    static final MutableClock clock = new MutableClock(Instant.now());
    static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start("cluster_test", 3, b -> b.asrPoolSize(0).downchannelMaxOpens(5), s -> s.clock(clock));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A device whose token comes through node 1's client, connected to node {@code n}. */
    static TestDevice deviceOn(int n, String deviceId, TokenPair token) {
        return new TestDevice(cluster.node(n).h2cUri(), deviceId, token.accessToken());
    }

    static DeviceIdentity identity(TokenPair token) {
        return cluster.node(1).server().auth().tokens().verify(token.accessToken()).join().orElseThrow();
    }

    @Test
    void aPushFromAnotherNodeReachesTheDownchannelAndAConfirmedOneReportsTheDevicesAck() throws Exception {
        String id = "speaker-" + UUID.randomUUID();
        TokenPair token = cluster.node(1).obtainToken(id);
        try (TestDevice device = deviceOn(1, id, token)) {
            StreamedParts down = device.connect();
            DeviceIdentity identity = identity(token);
            await().atMost(AWAIT).until(() -> cluster.node(2).server().pusher().isOpen(identity));

            Directive plain = Directive.of("Test", "Plain", null);
            assertThat(cluster.node(2).server().pusher().push(identity, Reply.of(plain)).get(15, TimeUnit.SECONDS))
                    .isTrue();
            assertThat(down.next(AWAIT).directive().header().messageId()).isEqualTo(plain.header().messageId());

            Directive confirmed = Directive.of("Test", "Confirmed", null);
            assertThat(cluster.node(3).server().pusher().pushConfirmed(identity, Reply.of(confirmed))
                    .get(15, TimeUnit.SECONDS)).as("confirmed by node 1's PING ACK").isTrue();
            assertThat(down.next(AWAIT).directive().header().messageId()).isEqualTo(confirmed.header().messageId());
            assertThat(counter(2, "cic.cluster.pushes", "remote")).isGreaterThanOrEqualTo(1);
            assertThat(counter(1, "cic.cluster.pushes", "received")).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void everyMetricNamesItsNodeAndTheClusterOnesShowRoutingPresenceAndRedisLatency() throws Exception {
        String id = "speaker-" + UUID.randomUUID();
        TokenPair token = cluster.node(1).obtainToken(id);
        try (TestDevice device = deviceOn(1, id, token)) {
            device.connect();
            DeviceIdentity identity = identity(token);
            await().atMost(AWAIT).until(() -> cluster.node(2).server().pusher().isOpen(identity));
            assertThat(cluster.node(2).server().pusher().push(identity, Reply.of(Directive.of("Test", "M", null)))
                    .get(15, TimeUnit.SECONDS)).isTrue();
            String metrics = cluster.node(1).metrics();
            assertThat(metrics)
                    .containsPattern("cic_cluster_presence_entries\\{node=\"node-1\"} [1-9]")
                    .containsPattern("cic_cluster_pushes_total\\{node=\"node-1\",route=\"received\"} [1-9]")
                    .containsPattern("cic_cluster_redis_latency_seconds_count\\{node=\"node-1\"} [1-9]")
                    .containsPattern("cic_downchannels_active\\{node=\"node-1\"} [1-9]");
            assertThat(cluster.node(2).metrics())
                    .containsPattern("cic_cluster_pushes_total\\{node=\"node-2\",route=\"remote\"} [1-9]");
        }
    }

    @Test
    void anEventThroughANodeNotHoldingTheDownchannelIsAnsweredWithoutOneAnywhereItIs412() throws Exception {
        String id = "speaker-" + UUID.randomUUID();
        TokenPair token = cluster.node(1).obtainToken(id);
        try (TestDevice holder = deviceOn(1, id, token); TestDevice elsewhere = deviceOn(2, id, token)) {
            holder.connect();
            DeviceIdentity identity = identity(token);
            await().atMost(AWAIT).until(() -> cluster.node(2).server().pusher().isOpen(identity));
            assertThat(cluster.node(2).server().downchannels().isOpen(identity)).isTrue();
            // Node 2 learns from Redis (asynchronously, off its event loop's back) that node 1 holds it.
            assertThat(say(elsewhere, "what time is it")).isNotEmpty();
        }
        String lonely = "speaker-" + UUID.randomUUID();
        try (TestDevice nowhere = deviceOn(2, lonely, cluster.node(1).obtainToken(lonely))) {
            StreamedParts refused = nowhere.send("TextRecognizer", "Recognize", UUID.randomUUID().toString(),
                    TestDevice.payload().put("text", "what time is it"));
            assertThat(refused.status()).isEqualTo(412);
            String exception = refused.next().text();
            assertThat(exception).contains("\"namespace\":\"System\"", "\"code\":412", "downchannel")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aPushForADeviceWithoutDownchannelAnywhereIsNotDelivered() throws Exception {
        String id = "speaker-" + UUID.randomUUID();
        DeviceIdentity identity = identity(cluster.node(1).obtainToken(id));
        assertThat(cluster.node(2).server().pusher().isOpen(identity)).isFalse();
        assertThat(cluster.node(2).server().pusher().pushConfirmed(identity, Reply.of(Directive.of("Test", "X", null)))
                .get(15, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aSecondDownchannelOnAnotherNodeClosesTheFirst() throws Exception {
        String id = "speaker-" + UUID.randomUUID();
        TokenPair token = cluster.node(1).obtainToken(id);
        try (TestDevice on1 = deviceOn(1, id, token); TestDevice on2 = deviceOn(2, id, token)) {
            StreamedParts first = on1.connect();
            DeviceIdentity identity = identity(token);
            await().atMost(AWAIT).until(() -> cluster.node(3).server().pusher().isOpen(identity));
            StreamedParts second = on2.connect();
            // Replaced: the stream ends cleanly, without a System.Exception.
            first.whenEnded().get(15, TimeUnit.SECONDS);
            assertThat(first.rest()).noneMatch(p -> p.isJson() && p.text().contains("System"));
            await().atMost(AWAIT).until(() -> !cluster.node(1).server().downchannels().isOpen(identity)
                    || cluster.node(1).server().downchannels().size() == 0);
            assertThat(cluster.node(2).server().downchannels().isOpen(identity)).isTrue();
            // And pushes from node 1 now go to node 2.
            Directive d = Directive.of("Test", "AfterMove", null);
            assertThat(cluster.node(1).server().pusher().push(identity, Reply.of(d)).get(15, TimeUnit.SECONDS)).isTrue();
            assertThat(second.next(AWAIT).directive().header().messageId()).isEqualTo(d.header().messageId());
        }
    }

    @Test
    void aTokenRevokedOnOneNodeIsRefusedOnAnotherWithinASecondAndItsDownchannelCloses() throws Exception {
        String id = "speaker-" + UUID.randomUUID();
        TokenPair token = cluster.node(1).obtainToken(id);
        try (TestDevice on1 = deviceOn(1, id, token); TestDevice on3 = deviceOn(3, id, token)) {
            StreamedParts down = on1.connect();
            // Node 3 has the token cached, for the connection too.
            assertThat(ping(on3)).isEqualTo(204);

            AggregatedHttpResponse deleted = WebClient.of(cluster.node(2).h2cUri()).execute(
                    RequestHeaders.of(HttpMethod.POST, "/token", "content-type", MediaType.FORM_DATA),
                    CicServerExtension.form("grant_type", "delete", "client_id", cluster.node(1).clientId(),
                            "client_secret", cluster.node(1).clientSecret(), "access_token", token.accessToken(),
                            "device_id", id).toQueryString()).aggregate().join();
            assertThat(deleted.status().code()).as(deleted.contentUtf8()).isEqualTo(200);
            long revoked = System.nanoTime();

            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> ping(on3) == 401);
            assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(1));
            down.whenEnded().get(15, TimeUnit.SECONDS);
            assertThat(down.rest()).anyMatch(p -> p.isJson() && p.text().contains("\"code\":401"));
        }
    }

    @Test
    void aReminderSetThroughOneNodeIsSpokenOnceOnTheNodeHoldingTheDevice() throws Exception {
        List<String> chores = List.of("water the ferns", "feed the cat", "call the plumber");
        List<DeviceIdentity> identities = new ArrayList<>();
        List<TestDevice> devices = new ArrayList<>();
        List<StreamedParts> downs = new ArrayList<>();
        double deliveredBefore = deliveredEverywhere();
        try {
            for (int i = 0; i < 3; i++) {
                String id = "speaker-" + UUID.randomUUID();
                TokenPair token = cluster.node(1).obtainToken(id);
                TestDevice holder = deviceOn(1 + i % 3, id, token); // downchannels on nodes 1, 2, 3
                devices.add(holder);
                downs.add(holder.connect());
                DeviceIdentity identity = identity(token);
                identities.add(identity);
                // The reminder is set through the next node, not the one holding the downchannel.
                int setterNode = 1 + (i + 1) % 3;
                try (TestDevice setter = deviceOn(setterNode, id, token)) {
                    await().atMost(AWAIT).until(() -> cluster.node(setterNode).server().pusher().isOpen(identity));
                    say(setter, "remind me to " + chores.get(i) + " in 2 seconds");
                }
            }
            clock.advance(Duration.ofSeconds(2));
            for (int n = 1; n <= 3; n++) {
                cluster.node(n).server().scheduler().checkDueNow();
            }
            for (int i = 0; i < 3; i++) {
                assertThat(nextReminder(downs.get(i))).isEqualTo("Reminder: " + chores.get(i) + ".");
            }
            awaitDueRemindersRun();
            await().atMost(AWAIT).until(() -> deliveredEverywhere() >= deliveredBefore + 3);
            assertThat(deliveredEverywhere()).as("each reminder delivered once, cluster-wide").isEqualTo(deliveredBefore + 3);
            for (int i = 0; i < 3; i++) {
                assertNoMoreReminders(identities.get(i), downs.get(i));
            }
        } finally {
            devices.forEach(TestDevice::close);
        }
    }

    /** Pushes a marker through node 3 and checks nothing reminder-like arrived before it. */
    private static void assertNoMoreReminders(DeviceIdentity identity, StreamedParts down) throws Exception {
        Directive marker = Directive.of("Test", "Marker", null);
        assertThat(cluster.node(3).server().pusher().push(identity, Reply.of(marker)).get(15, TimeUnit.SECONDS)).isTrue();
        assertThat(down.namesBefore(marker.header().messageId(), AWAIT))
                .doesNotContain("SpeechSynthesizer.Speak", "Clova.RenderText");
    }

    private static String nextReminder(StreamedParts down) throws Exception {
        return down.awaitDirective("Clova.RenderText", AWAIT, () -> { }).payload().path("text").asText();
    }

    private static void awaitDueRemindersRun() {
        Instant now = clock.instant();
        await().atMost(AWAIT).pollInterval(Duration.ofMillis(50)).until(() -> cluster.node(1).server().scheduler()
                .client().getScheduledExecutionsForTask("reminder-due", Void.class, ScheduledExecutionsFilter.all())
                .stream().allMatch(e -> e.getExecutionTime().isAfter(now)));
    }

    private static double deliveredEverywhere() {
        double sum = 0;
        for (int n = 1; n <= cluster.size(); n++) {
            Counter c = cluster.node(n).server().meters().find("cic.reminders.delivered").counter();
            sum += c == null ? 0 : c.count();
        }
        return sum;
    }

    private static double counter(int node, String name, String route) {
        Counter c = cluster.node(node).server().meters().find(name).tag("route", route).counter();
        return c == null ? 0 : c.count();
    }

    private static int ping(TestDevice device) {
        return device.client().execute(RequestHeaders.of(HttpMethod.GET, "/ping",
                "authorization", "Bearer " + device.accessToken())).aggregate().join().status().code();
    }
}
