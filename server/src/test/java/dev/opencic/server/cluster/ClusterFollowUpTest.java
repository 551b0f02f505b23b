package dev.opencic.server.cluster;

import static dev.opencic.server.skill.SkillTestSupport.sayIn;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.TestCluster;
import dev.opencic.server.testing.TestDevice;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: the follow-up questions that were closures kept on the asking node are data now, so the
 * answer may reach another node: the schedule skill's "do you want me to delete ...?" and the
 * weather skill's "which city?" (the extensions' CEK sessions: {@code ExtensionKeyClusterTest}).
 * Two nodes on one PostgreSQL and Redis; each question is asked through node 1 and answered through
 * node 2 under the same dialogRequestId. The weather comes from a local stand-in for Open-Meteo.
 */
class ClusterFollowUpTest {

    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    static Server openMeteo;
    static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        String forecast = fixture("forecast-berlin.json");
        String search = fixture("search-berlin.json");
        openMeteo = Server.builder().http(0)
                .service("/v1/forecast", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, forecast))
                .service("/v1/search", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, search))
                .build();
        openMeteo.start().join();
        String base = "http://127.0.0.1:" + openMeteo.activeLocalPort();
        cluster = TestCluster.start("cluster_follow_up", 2, b -> b.asrPoolSize(0)
                .weatherForecastUrl(base + "/v1/forecast").weatherGeocodingUrl(base + "/v1/search"),
                s -> s.clock(clock));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (openMeteo != null) {
            openMeteo.stop().join();
        }
    }

    static String fixture(String name) throws Exception {
        try (InputStream in = ClusterFollowUpTest.class.getResourceAsStream("/weather/open-meteo/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The same device through node 1 (its downchannel) and node 2. */
    record Speaker(TestDevice one, TestDevice two) implements AutoCloseable {
        static Speaker connect() throws Exception {
            TestDevice one = cluster.node(1).newDevice();
            one.connect();
            return new Speaker(one, new TestDevice(cluster.node(2).h2cUri(), one.deviceId(), one.accessToken()));
        }

        @Override
        public void close() {
            two.close();
            one.close();
        }
    }

    @Test
    void deleteItAskedThroughNode1IsConfirmedThroughNode2() throws Exception {
        try (Speaker s = Speaker.connect()) {
            sayIn(s.one(), MessageIds.newId(), "add team lunch tomorrow at 1 pm to my calendar");
            String dialog = MessageIds.newId();
            List<Directive> question = sayIn(s.one(), dialog, "cancel the team lunch");
            assertThat(words(question)).startsWith("Do you want me to delete team lunch");
            assertThat(question).extracting(Directive::name).contains("ExpectSpeech");

            List<Directive> deleted = sayIn(s.two(), dialog, "yes");
            assertThat(words(deleted)).isEqualTo("I deleted team lunch tomorrow at 1:00 PM from your calendar.");
            assertThat(deleted).extracting(Directive::name).contains("DeleteSchedule");
            assertThat(words(sayIn(s.two(), MessageIds.newId(), "what's on my calendar tomorrow")))
                    .doesNotContain("team lunch");
        }
    }

    @Test
    void noThroughNode2KeepsTheEntry() throws Exception {
        try (Speaker s = Speaker.connect()) {
            sayIn(s.one(), MessageIds.newId(), "add book club tomorrow at 6 pm to my calendar");
            String dialog = MessageIds.newId();
            assertThat(words(sayIn(s.one(), dialog, "cancel the book club"))).startsWith("Do you want me to delete");
            assertThat(words(sayIn(s.two(), dialog, "no"))).isEqualTo("Okay, I didn't delete it.");
            assertThat(words(sayIn(s.one(), MessageIds.newId(), "what's on my calendar tomorrow")))
                    .contains("book club");
        }
    }

    @Test
    void whichCityAskedThroughNode1IsAnsweredThroughNode2() throws Exception {
        try (Speaker s = Speaker.connect()) {
            String dialog = MessageIds.newId();
            List<Directive> question = sayIn(s.one(), dialog, "will it rain tomorrow");
            assertThat(words(question)).isEqualTo(
                    "I don't know where you are. Which city would you like the weather for?");
            List<Directive> answer = sayIn(s.two(), dialog, "In Berlin, please.");
            assertThat(words(answer)).startsWith("Tomorrow in Berlin:");
        }
    }
}
