package dev.opencic.server.skill.music;

import static dev.opencic.server.skill.music.MusicTesting.named;
import static dev.opencic.server.skill.music.MusicTesting.report;
import static dev.opencic.server.skill.music.MusicTesting.say;
import static dev.opencic.server.skill.music.MusicTesting.shown;
import static dev.opencic.server.skill.music.MusicTesting.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension.TokenPair;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.TestCluster;
import dev.opencic.server.testing.TestDevice;
import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Music in a cluster (issue 19): the stream URL key is the cluster's (in the shared database), so a
 * URL signed on node 1 streams from node 3; one node scans the folder, the others read the library
 * it wrote. Three nodes on one PostgreSQL and one Redis, the same music folder.
 */
class MusicClusterTest {

    static final Path LIBRARY = MusicTesting.library();
    static final String SO_WHAT = "Miles Davis/Kind of Blue/01 So What.mp3";
    static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        Engines.requireLame();
        Engines.requireOggenc();
        cluster = TestCluster.start("music_cluster_test", 3, b -> b.asrPoolSize(0).musicDirs(List.of(LIBRARY)),
                s -> { });
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aUrlSignedOnNode1StreamsFromNode3AndOneNodeScannedForAll() throws Exception {
        for (int n = 1; n <= 3; n++) {
            MusicTesting.awaitTracks(cluster.node(n), MusicTesting.SONGS.size());
        }
        assertThat(scans(1)).as("node 1 started first and holds the scan lease").isGreaterThanOrEqualTo(1);
        assertThat(scans(2) + scans(3)).as("the others read node 1's library").isZero();

        String id = "speaker-" + UUID.randomUUID();
        TokenPair token = cluster.node(1).obtainToken(id);
        String url;
        try (TestDevice device = new TestDevice(cluster.node(1).h2cUri(), id, token.accessToken())) {
            device.connect();
            url = named(say(device, "play the song so what"), "AudioPlayer.Play").get(0)
                    .payload().at("/audioItem/stream/url").asText();
        }
        URI signed = URI.create(url);
        assertThat(signed.getPort()).as("signed for node 1").isEqualTo(URI.create(cluster.node(1).h2cUri()).getPort());
        String pathAndQuery = signed.getRawPath() + "?" + signed.getRawQuery();

        AggregatedHttpResponse fromNode3 = WebClient.of(cluster.node(3).h2cUri()).get(pathAndQuery).aggregate().join();
        assertThat(fromNode3.status().code()).isEqualTo(200);
        assertThat(fromNode3.content().array()).isEqualTo(Files.readAllBytes(LIBRARY.resolve(SO_WHAT)));

        // Still signed: a URL for another device is refused on node 3 as on node 1.
        String forgedDevice = pathAndQuery.replace("device=" + id, "device=someone-else");
        assertThat(forgedDevice).isNotEqualTo(pathAndQuery);
        assertThat(WebClient.of(cluster.node(3).h2cUri()).get(forgedDevice).aggregate().join().status().code())
                .isEqualTo(403);
    }

    @Test
    void playThroughNode1ThenNextThroughNode2AndWhatsPlayingThroughNode3ActOnOneQueue() throws Exception {
        for (int n = 1; n <= 3; n++) {
            MusicTesting.awaitTracks(cluster.node(n), MusicTesting.SONGS.size());
        }
        String id = "speaker-" + UUID.randomUUID();
        TokenPair token = cluster.node(1).obtainToken(id);
        try (TestDevice one = new TestDevice(cluster.node(1).h2cUri(), id, token.accessToken());
             TestDevice two = new TestDevice(cluster.node(2).h2cUri(), id, token.accessToken());
             TestDevice three = new TestDevice(cluster.node(3).h2cUri(), id, token.accessToken())) {
            one.connect();
            List<Directive> plays = named(say(one, "play the album kind of blue"), "AudioPlayer.Play");
            assertThat(report(one, "PlayStarted", token(plays.get(0)), "PLAYING", 0).status()).isEqualTo(204);

            List<Directive> next = say(two, "next song");
            assertThat(shown(next)).isEqualTo("Next: Freddie Freeloader by Miles Davis.");
            assertThat(named(next, "PlaybackController.Next")).hasSize(1);
            // The device's reports about the queue node 1 gave are known on node 3.
            assertThat(report(three, "PlayStarted", token(plays.get(1)), "PLAYING", 0).status()).isEqualTo(204);
            assertThat(shown(say(three, "pause"))).isNotEqualTo("Nothing is playing right now.");
            assertThat(shown(say(one, "what's playing")))
                    .isEqualTo("Freddie Freeloader by Miles Davis, from Kind of Blue is paused.");
        }
    }

    @Test
    void aDeviceThatComesBackOnAnotherNodeIsAskedWhereItsPlayerIs() throws Exception {
        for (int n = 1; n <= 3; n++) {
            MusicTesting.awaitTracks(cluster.node(n), MusicTesting.SONGS.size());
        }
        String id = "speaker-" + UUID.randomUUID();
        TokenPair token = cluster.node(1).obtainToken(id);
        try (TestDevice one = new TestDevice(cluster.node(1).h2cUri(), id, token.accessToken());
             TestDevice two = new TestDevice(cluster.node(2).h2cUri(), id, token.accessToken())) {
            one.connect();
            named(say(one, "play coltrane"), "AudioPlayer.Play");
            // Its node is gone (as far as the device knows): it reconnects through node 2, which never saw it.
            var down = two.connect();
            List<String> seen = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
            while (!seen.contains("AudioPlayer.ExpectReportPlaybackState") && System.nanoTime() < deadline) {
                var part = down.poll(java.time.Duration.ofMillis(200));
                if (part != null && part.isJson()) {
                    seen.add(part.directive().header().qualifiedName());
                }
            }
            assertThat(seen).contains("AudioPlayer.ExpectReportPlaybackState");
        }
    }

    @Test
    void aButtonOnNode3MovesThePlayerOfADeviceOnlyNode1HasSeenAndNode2ResyncsIt() throws Exception {
        for (int n = 1; n <= 3; n++) {
            MusicTesting.awaitTracks(cluster.node(n), MusicTesting.SONGS.size());
        }
        String kitchenId = "kitchen-" + UUID.randomUUID();
        String phoneId = "phone-" + UUID.randomUUID();
        TokenPair kitchenToken = cluster.node(1).obtainToken(kitchenId);
        TokenPair phoneToken = cluster.node(3).obtainToken(phoneId);
        try (TestDevice kitchen = new TestDevice(cluster.node(1).h2cUri(), kitchenId, kitchenToken.accessToken());
             TestDevice phone = new TestDevice(cluster.node(3).h2cUri(), phoneId, phoneToken.accessToken());
             TestDevice kitchenOn2 = new TestDevice(cluster.node(2).h2cUri(), kitchenId, kitchenToken.accessToken())) {
            var kitchenDown = kitchen.connect();
            phone.connect();
            List<Directive> plays = named(say(kitchen, "play the album kind of blue"), "AudioPlayer.Play");
            assertThat(report(kitchen, "PlayStarted", token(plays.get(0)), "PLAYING", 0).status()).isEqualTo(204);

            // The phone's node has never held the kitchen's player: it finds it in Redis.
            var remote = phone.send("PlaybackController", "NextCommandIssued", null,
                    TestDevice.payload().put("deviceId", kitchenId));
            assertThat(remote.status()).isEqualTo(204);
            assertThat(kitchenDown.awaitDirective("PlaybackController.Next", java.time.Duration.ofSeconds(15), () -> { }))
                    .isNotNull();
            assertThat(phone.send("PlaybackController", "PauseCommandIssued", null,
                    TestDevice.payload().put("deviceId", "nobodys-speaker")).status()).isEqualTo(400);

            // Node 2 has never seen the kitchen either: its resync still brings the player back.
            List<Directive> resync = kitchenOn2.send("System", "RequestSynchronizeState", null, TestDevice.payload())
                    .directives();
            assertThat(named(resync, "AudioPlayer.SynchronizePlaybackState")).hasSize(1);
            assertThat(named(resync, "AudioPlayer.ExpectReportPlaybackState")).hasSize(1);
        }
    }

    private static double scans(int node) {
        Counter c = cluster.node(node).server().meters().find("cic.music.scans").counter();
        return c == null ? 0 : c.count();
    }
}
