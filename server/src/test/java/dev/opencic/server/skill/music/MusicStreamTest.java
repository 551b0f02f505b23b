package dev.opencic.server.skill.music;

import static dev.opencic.server.skill.music.MusicTesting.named;
import static dev.opencic.server.skill.music.MusicTesting.say;
import static dev.opencic.server.skill.music.MusicTesting.shown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.TestDevice;
import dev.opencic.server.testing.ToneLibrary;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The stream route: byte ranges, signed URLs, deleted files, and what the logs never show. */
class MusicStreamTest {

    static final Path LIBRARY = MusicTesting.library();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0)
            .musicDirs(List.of(LIBRARY)).musicRescanInterval(Duration.ofSeconds(1)));

    @RegisterExtension
    static final CicServerExtension noMusic = new CicServerExtension(b -> b.asrPoolSize(0));

    static final String SO_WHAT = "Miles Davis/Kind of Blue/01 So What.mp3";
    static byte[] file;
    static String url;
    static String deviceId;

    @BeforeAll
    static void aSignedUrl() throws Exception {
        Engines.requireLame();
        Engines.requireOggenc();
        MusicTesting.awaitTracks(cic, MusicTesting.SONGS.size());
        file = Files.readAllBytes(LIBRARY.resolve(SO_WHAT));
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            deviceId = device.deviceId();
            url = named(say(device, "play the song so what"), "AudioPlayer.Play").get(0)
                    .payload().at("/audioItem/stream/url").asText();
        }
    }

    static AggregatedHttpResponse get(String url, String range) {
        URI u = URI.create(url);
        com.linecorp.armeria.common.RequestHeadersBuilder h = RequestHeaders.builder(HttpMethod.GET, u.getRawPath() + "?" + u.getRawQuery());
        if (range != null) {
            h.add("range", range);
        }
        return WebClient.of(u.getScheme() + "://" + u.getAuthority()).execute(h.build()).aggregate().join();
    }

    @Test
    void rangesGiveTheFirstBytesTheMiddleAndTheEnd() {
        int n = file.length;
        AggregatedHttpResponse first = get(url, "bytes=0-99");
        assertThat(first.status().code()).isEqualTo(206);
        assertThat(first.headers().get("content-range")).isEqualTo("bytes 0-99/" + n);
        assertThat(first.content().array()).isEqualTo(Arrays.copyOfRange(file, 0, 100));

        AggregatedHttpResponse middle = get(url, "bytes=1000-1999");
        assertThat(middle.headers().get("content-range")).isEqualTo("bytes 1000-1999/" + n);
        assertThat(middle.content().array()).isEqualTo(Arrays.copyOfRange(file, 1000, 2000));

        AggregatedHttpResponse suffix = get(url, "bytes=-500");
        assertThat(suffix.status().code()).isEqualTo(206);
        assertThat(suffix.headers().get("content-range")).isEqualTo("bytes " + (n - 500) + "-" + (n - 1) + "/" + n);
        assertThat(suffix.content().array()).isEqualTo(Arrays.copyOfRange(file, n - 500, n));

        AggregatedHttpResponse open = get(url, "bytes=" + (n - 10) + "-");
        assertThat(open.content().array()).isEqualTo(Arrays.copyOfRange(file, n - 10, n));
        AggregatedHttpResponse pastTheEnd = get(url, "bytes=" + (n - 10) + "-" + (n + 1000));
        assertThat(pastTheEnd.headers().get("content-range")).isEqualTo("bytes " + (n - 10) + "-" + (n - 1) + "/" + n);

        URI u = URI.create(url);
        AggregatedHttpResponse head = WebClient.of(u.getScheme() + "://" + u.getAuthority())
                .execute(RequestHeaders.of(HttpMethod.HEAD, u.getRawPath() + "?" + u.getRawQuery())).aggregate().join();
        assertThat(head.status().code()).isEqualTo(200);
        assertThat(head.headers().getLong("content-length")).isEqualTo((long) n);
        assertThat(head.content().isEmpty()).isTrue();

        AggregatedHttpResponse whole = get(url, null);
        assertThat(whole.status().code()).isEqualTo(200);
        assertThat(whole.headers().get("accept-ranges")).isEqualTo("bytes");
        assertThat(whole.headers().getLong("content-length")).isEqualTo((long) n);
    }

    @Test
    void invalidRangesAre416WithTheSize() {
        int n = file.length;
        for (String bad : List.of("bytes=" + n + "-", "bytes=500-100", "bytes=-0", "bytes=abc", "items=0-1",
                "bytes=0-1,5-9", "bytes=--5", "bytes=")) {
            AggregatedHttpResponse r = get(url, bad);
            assertThat(r.status().code()).as(bad).isEqualTo(416);
            assertThat(r.headers().get("content-range")).as(bad).isEqualTo("bytes */" + n);
        }
    }

    @Test
    void alteredOrExpiredUrlsAre403() {
        String sig = url.substring(url.indexOf("sig=") + 4);
        String flipped = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);
        assertThat(get(url.replace("sig=" + sig, "sig=" + flipped), null).status().code()).isEqualTo(403);
        assertThat(get(url.replaceAll("expires=\\d+", "expires=99999999999"), null).status().code()).isEqualTo(403);
        assertThat(get(url.substring(0, url.indexOf('?')), null).status().code()).isEqualTo(403);
        String otherTrack = url.replaceAll("/tracks/[0-9a-f]+/", "/tracks/00000000000000000000000000000000/");
        assertThat(get(otherTrack, null).status().code()).isEqualTo(403);

        // signed with the server's own key, but already expired
        StreamUrls urls = StreamUrls.loadOrCreate(cic.server().config().dataDir(), Clock.systemUTC());
        String trackId = url.replaceAll(".*/tracks/([0-9a-f]+)/.*", "$1");
        String base = url.substring(0, url.indexOf("/v1/"));
        assertThat(get(base + urls.sign(trackId, deviceId, Instant.now().minusSeconds(5)), null).status().code())
                .isEqualTo(403);
        assertThat(get(base + urls.sign(trackId, deviceId, Instant.now().plusSeconds(60)), null).status().code())
                .isEqualTo(200);
        // other methods are not served
        URI u = URI.create(url);
        assertThat(WebClient.of(base).execute(RequestHeaders.of(HttpMethod.POST, u.getRawPath() + "?" + u.getRawQuery()))
                .aggregate().join().status().code()).isEqualTo(405);
    }

    @Test
    void theAccessLogNeverShowsTheSignature() {
        Logger access = (Logger) LoggerFactory.getLogger("cic.access");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = access.getLevel();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        root.addAppender(lines);
        access.setLevel(Level.DEBUG);
        try {
            String sig = url.substring(url.indexOf("sig=") + 4);
            get(url, null);
            get(url, "bytes=99999999-");
            get(url.replace("sig=", "sig=x"), null);
            await().atMost(Duration.ofSeconds(5)).until(() -> lines.list.stream()
                    .filter(e -> e.getLoggerName().equals("cic.access")).count() >= 3);
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.contains("/v1/music/tracks/"))
                    .noneMatch(m -> m.contains(sig) || m.contains("sig="));
        } finally {
            access.setLevel(before);
            access.detachAppender(lines);
            root.detachAppender(lines);
        }
    }

    @Test
    void aDeletedFileIs404AndLeavesTheLibraryAtTheNextScanWhileNewFilesJoin() throws Exception {
        // written elsewhere and moved in, as a finished file appears (a half-written one would be
        // indexed by its name until the scan after it is complete)
        Path staging = Files.createTempDirectory("cic-music-staging");
        ToneLibrary.write(staging, List.of(new ToneLibrary.Song("doomed.mp3", "Doomed Tune", "Short Lived", null,
                null, 1, 1, 300)));
        Files.createDirectories(LIBRARY.resolve("late"));
        Files.move(staging.resolve("doomed.mp3"), LIBRARY.resolve("late/doomed.mp3"),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        MusicTesting.awaitTracks(cic, MusicTesting.SONGS.size() + 1);
        String doomed;
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<dev.opencic.protocol.Directive> ds = say(device, "play doomed tune");
            assertThat(shown(ds)).isEqualTo("Playing Doomed Tune by Short Lived.");
            doomed = named(ds, "AudioPlayer.Play").get(0).payload().at("/audioItem/stream/url").asText();
        }
        assertThat(get(doomed, "bytes=0-9").status().code()).isEqualTo(206);
        Files.delete(LIBRARY.resolve("late/doomed.mp3"));
        assertThat(get(doomed, null).status().code()).isEqualTo(404);
        MusicTesting.awaitTracks(cic, MusicTesting.SONGS.size());
        assertThat(get(doomed, null).status().code()).isEqualTo(404);
    }

    @Test
    void anEmptyLibrarySaysSo() throws Exception {
        try (TestDevice device = noMusic.newDevice()) {
            device.connect();
            for (String ask : List.of("play some music", "play miles davis")) {
                List<dev.opencic.protocol.Directive> ds = say(device, ask);
                assertThat(shown(ds)).startsWith("Your music library is empty.");
                assertThat(named(ds, "AudioPlayer.Play")).isEmpty();
            }
        }
    }
}
