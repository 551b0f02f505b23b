package dev.opencic.server.skill.music;

import static dev.opencic.server.skill.music.MusicTesting.named;
import static dev.opencic.server.skill.music.MusicTesting.say;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
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

    private static double scans(int node) {
        Counter c = cluster.node(node).server().meters().find("cic.music.scans").counter();
        return c == null ? 0 : c.count();
    }
}
