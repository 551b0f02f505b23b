package dev.opencic.server.cluster;

import static dev.opencic.server.skill.SkillTestSupport.sayIn;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.CicServer;
import dev.opencic.server.admin.AdminEndpoint;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.CicServerExtension.TokenPair;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.SpokenRequests;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestCluster;
import dev.opencic.server.testing.TestDevice;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shared short-lived state agrees across nodes (issue 19 item 3): a question asked through one node
 * is answered through another. Three nodes on one PostgreSQL and one Redis, over real HTTP/2; the
 * device's downchannel is on node 1, its events go through whichever node a test names.
 */
class ClusterStateTest {

    static final Duration AWAIT = Duration.ofSeconds(15);
    static final int MAX_OPENS = 3;
    static final String PASSWORD = "correct horse battery staple";
    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start("cluster_state_test", 3, b -> b.asrPoolSize(0).downchannelMaxOpens(MAX_OPENS),
                s -> s.clock(clock));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A device with its downchannel on node 1, and its way in through each node (index = node). */
    record Speaker(TestDevice[] through, StreamedParts down) implements AutoCloseable {
        TestDevice on(int node) {
            return through[node];
        }

        @Override
        public void close() {
            for (TestDevice d : through) {
                if (d != null) {
                    d.close();
                }
            }
        }
    }

    static Speaker speaker() throws Exception {
        String id = "speaker-" + UUID.randomUUID();
        TokenPair token = cluster.node(1).obtainToken(id);
        TestDevice[] through = new TestDevice[cluster.size() + 1];
        for (int n = 1; n <= cluster.size(); n++) {
            through[n] = new TestDevice(cluster.node(n).h2cUri(), id, token.accessToken());
        }
        StreamedParts down = through[1].connect();
        DeviceIdentity identity = cluster.node(1).server().auth().tokens().verify(token.accessToken()).join()
                .orElseThrow();
        for (int n = 2; n <= cluster.size(); n++) {
            int node = n;
            await().atMost(AWAIT).until(() -> cluster.node(node).server().pusher().isOpen(identity));
        }
        return new Speaker(through, down);
    }

    @Test
    void forWhatTimeAskedThroughNode1IsAnsweredThroughNode2AndTheAlarmIsSet() throws Exception {
        try (Speaker s = speaker()) {
            String dialog = MessageIds.newId();
            List<Directive> question = sayIn(s.on(1), dialog, "set an alarm");
            assertThat(words(question)).isEqualTo("For what time?");
            assertThat(question).extracting(Directive::name).contains("ExpectSpeech");

            List<Directive> done = sayIn(s.on(2), dialog, "7 am");
            assertThat(words(done)).isEqualTo("Okay, your alarm is set for 7:00 AM tomorrow.");
            assertThat(done).extracting(Directive::name).contains("SetAlert").doesNotContain("ExpectSpeech");
            // Taken: the same answer again through node 3 is a new request, not the dialogue's.
            assertThat(words(sayIn(s.on(3), dialog, "7 am"))).isNotEqualTo(words(done));
        }
    }

    @Test
    void anAlarmSetOnASpeakerOfNode1RingsAlsoOnTheAccountsSpeakerWhoseDownchannelNode2Holds() throws Exception {
        String bedroomId = "bedroom-" + UUID.randomUUID();
        TokenPair bedroomToken = cluster.node(2).obtainToken(bedroomId);
        try (Speaker kitchen = speaker();
             TestDevice bedroom = new TestDevice(cluster.node(2).h2cUri(), bedroomId, bedroomToken.accessToken())) {
            StreamedParts bedroomDown = bedroom.connect();
            List<Directive> set = sayIn(kitchen.on(1), MessageIds.newId(), "set an alarm for 6 am");
            String token = set.stream().filter(d -> d.name().equals("SetAlert")).findFirst().orElseThrow()
                    .payload().path("token").asText();
            // Node 1 never saw the bedroom's downchannel open: it finds the device in the database.
            Directive copy = bedroomDown.awaitDirective("Alerts.SetAlert", AWAIT, () -> { });
            assertThat(copy.payload().path("token").asText()).isEqualTo(token);
        }
    }

    @Test
    void aReminderAskedForThroughNode1IsCompletedThroughNode3UnderTheExpectSpeechsSpeechId() throws Exception {
        try (Speaker s = speaker()) {
            List<Directive> question = sayIn(s.on(1), MessageIds.newId(), "remind me");
            assertThat(words(question)).isEqualTo("What should I remind you about, and when?");
            String speechId = SpokenRequests.directive(question, "SpeechRecognizer.ExpectSpeech").payload()
                    .path("expectSpeechId").asText();

            // The 2018 rule: a new dialogRequestId, the question's expectSpeechId as speechId.
            ObjectNode payload = TestDevice.payload().put("text", "water the ferns in 2 hours").put("speechId", speechId);
            StreamedParts reply = s.on(3).send(MessageCodec.writeEvent(
                    new Event(Header.of("TextRecognizer", "Recognize", MessageIds.newId()), payload, List.of())));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(words(reply.directives())).isEqualTo("Okay, I'll remind you: water the ferns today at 11:00 AM.");
        }
    }

    @Test
    void cancelOnAnotherNodeEndsTheQuestionAndATimedOutQuestionEndsEverywhere() throws Exception {
        try (Speaker s = speaker()) {
            String dialog = MessageIds.newId();
            assertThat(words(sayIn(s.on(1), dialog, "set an alarm"))).isEqualTo("For what time?");
            assertThat(words(sayIn(s.on(2), dialog, "never mind"))).isEqualTo("Okay, never mind.");

            String timedOut = MessageIds.newId();
            assertThat(words(sayIn(s.on(1), timedOut, "set an alarm"))).isEqualTo("For what time?");
            StreamedParts ended = s.on(3).send("SpeechRecognizer", "ExpectSpeechTimedOut", timedOut, TestDevice.payload());
            assertThat(ended.status()).isLessThan(300);
            ended.rest();
            assertThat(words(sayIn(s.on(2), timedOut, "never mind"))).isNotEqualTo("Okay, never mind.");
        }
    }

    @Test
    void aReconnectStormSpreadOverTheNodesIsRefused429AfterTheClusterWideAllowance() throws Exception {
        String id = "speaker-" + UUID.randomUUID();
        TokenPair token = cluster.node(1).obtainToken(id);
        DeviceIdentity identity = cluster.node(1).server().auth().tokens().verify(token.accessToken()).join()
                .orElseThrow();
        List<TestDevice> devices = new java.util.ArrayList<>();
        try {
            // Each open replaces the one before it on another node: no node sees more than two.
            for (int i = 0; i < MAX_OPENS; i++) {
                TestDevice d = new TestDevice(cluster.node(1 + i % 3).h2cUri(), id, token.accessToken());
                devices.add(d);
                d.connect();
                int other = 1 + (i + 1) % 3;
                await().atMost(AWAIT).until(() -> cluster.node(other).server().pusher().isOpen(identity));
            }
            TestDevice storming = new TestDevice(cluster.node(1 + MAX_OPENS % 3).h2cUri(), id, token.accessToken());
            devices.add(storming);
            StreamedParts refused = storming.openDownchannel();
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.next().text()).contains("\"code\":429", "too many downchannel requests")
                    .doesNotContain("\tat ");
        } finally {
            devices.forEach(TestDevice::close);
        }
    }

    @Test
    void failedLoginsCountAcrossNodesAndTheBlockHoldsOnEveryNode() throws Exception {
        String user = "carol-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.node(1).server().auth().accounts().createAccount(user, PASSWORD.toCharArray());
        // Five free failures, spread over two nodes.
        for (int i = 0; i < 5; i++) {
            assertThat(login(1 + i % 2, user, "wrong " + i).status().code()).isEqualTo(401);
        }
        AggregatedHttpResponse blocked = login(3, user, PASSWORD);
        assertThat(blocked.status().code()).as(blocked.contentUtf8()).isEqualTo(429);
        assertThat(blocked.headers().get("retry-after")).isEqualTo("1");
        assertThat(blocked.contentUtf8()).contains("too_many_requests");
        clock.advance(Duration.ofSeconds(1));
        assertThat(login(2, user, PASSWORD).status().code()).isEqualTo(200);
        assertThat(login(3, user, "wrong after success").status().code()).as("a success clears the count everywhere")
                .isEqualTo(401);
    }

    @Test
    void aTimeZoneSetThroughNode1sAdminEndpointIsUsedByNode2AtOnce() throws Exception {
        try (Speaker s = speaker()) {
            // Node 2 has the device's zone (the server's, UTC) cached before the change.
            assertThat(words(sayIn(s.on(2), MessageIds.newId(), "what time is it"))).isNotEqualTo("It's 6:00 PM.");
            ObjectNode body = MessageCodec.mapper().createObjectNode().put("name", CicServerExtension.USER)
                    .put("zone", "Asia/Tokyo").put("device", s.on(1).deviceId());
            AggregatedHttpResponse set = admin(1, "user-timezone", body);
            assertThat(set.contentUtf8()).contains("\"exit\":0");
            await().atMost(AWAIT).until(() -> words(sayIn(s.on(2), MessageIds.newId(), "what time is it")),
                    said -> said.equals("It's 6:00 PM."));
        }
    }

    @Test
    void aRetryThroughAnotherNodeGetsTheFirstAnswerAndTheReminderIsSetOnce() throws Exception {
        try (Speaker s = speaker()) {
            byte[] event = MessageCodec.writeEvent(new Event(Header.of("TextRecognizer", "Recognize", MessageIds.newId()),
                    TestDevice.payload().put("text", "remind me to feed the fish in 3 hours"), List.of()));
            StreamedParts first = s.on(1).send(event);
            assertThat(first.status()).isEqualTo(200);
            List<Directive> answer = first.directives();
            // The device did not see the answer and retries through another node (the balancer's choice).
            StreamedParts retry = s.on(2).send(event);
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.directives()).extracting(d -> d.header().messageId())
                    .isEqualTo(answer.stream().map(d -> d.header().messageId()).toList());
            String reminders = words(sayIn(s.on(3), MessageIds.newId(), "what are my reminders"));
            assertThat(reminders.split("feed the fish", -1)).as(reminders).hasSize(2);
        }
    }

    /** {@code POST /admin/v1/<command>} on node {@code n}'s admin endpoint, as {@code ./cic admin} sends it. */
    static AggregatedHttpResponse admin(int n, String command, ObjectNode body) throws Exception {
        CicServer server = cluster.node(n).server();
        String secret = Files.readString(server.config().dataDir().resolve(AdminEndpoint.SECRET_FILE)).strip();
        return WebClient.of("http://127.0.0.1:" + server.adminPort()).execute(
                RequestHeaders.of(HttpMethod.POST, "/admin/v1/" + command, "authorization", "Bearer " + secret,
                        "content-type", MediaType.JSON_UTF_8), body.toString()).aggregate().join();
    }

    static AggregatedHttpResponse login(int node, String user, String password) {
        return WebClient.of(cluster.node(node).h2cUri()).execute(
                RequestHeaders.of(HttpMethod.POST, "/accounts/login", "content-type", MediaType.FORM_DATA),
                QueryParams.of("username", user, "password", password).toQueryString()).aggregate().join();
    }
}
