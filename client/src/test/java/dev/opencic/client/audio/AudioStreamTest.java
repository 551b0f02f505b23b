package dev.opencic.client.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.client.CicClient;
import dev.opencic.client.CicException;
import dev.opencic.client.FileTokenStore;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CicClient#openStream}: fetching music over the client's connection pool. */
class AudioStreamTest {

    static final MediaServer media = new MediaServer();
    static final byte[] SONG = new byte[300_000];

    static {
        new Random(1).nextBytes(SONG);
        media.put("song.mp3", SONG);
    }

    CicClient elsewhere;

    @BeforeEach
    void client() throws Exception {
        media.requests.clear();
        media.protocols.clear();
        elsewhere = client("http://127.0.0.1:1"); // the CIC server is another host than the media server
    }

    @AfterEach
    void close() {
        elsewhere.close();
    }

    @AfterAll
    static void stopMedia() {
        media.close();
    }

    static CicClient client(String serverUrl) throws Exception {
        return CicClient.builder().serverUrl(serverUrl).clientCredentials("id", "secret").deviceId("d")
                .tokenStore(new FileTokenStore(Files.createTempDirectory("stream-test").resolve("t.json"))).build();
    }

    @Test
    void anotherHostIsFetchedOverHttp1WithItsContentType() throws Exception {
        try (AudioStream s = elsewhere.openStream(media.url("song.mp3"))) {
            assertThat(s.contentType()).isEqualTo("audio/mpeg");
            assertThat(s.contentLength()).isEqualTo(SONG.length);
            assertThat(s.body().readAllBytes()).isEqualTo(SONG);
        }
        assertThat(media.protocols).containsExactly("h1c");
    }

    @Test
    void aUrlOnTheCicServerItselfSharesTheDevicesHttp2Connection() throws Exception {
        try (CicClient onMedia = client(media.baseUrl()); AudioStream s = onMedia.openStream(media.url("song.mp3"))) {
            assertThat(s.body().readAllBytes()).isEqualTo(SONG);
        }
        assertThat(media.protocols).containsExactly("h2c");
    }

    @Test
    void aConnectionLostMidStreamIsResumedWithARangeRequest() throws Exception {
        media.dropOnce("song.mp3", 100_000);
        try (AudioStream s = elsewhere.openStream(media.url("song.mp3"))) {
            assertThat(s.body().readAllBytes()).isEqualTo(SONG);
        }
        assertThat(media.requests).hasSize(2);
        assertThat(media.requests.get(0)).isEqualTo("song.mp3");
        assertThat(media.requests.get(1)).matches("song\\.mp3 bytes=\\d+-");
        long from = Long.parseLong(media.requests.get(1).replaceAll(".*=(\\d+)-", "$1"));
        assertThat(from).isPositive().isLessThanOrEqualTo(100_000);
    }

    @Test
    void anErrorStatusFailsTheOpenWithoutShowingTheSignature() throws Exception {
        assertThatThrownBy(() -> elsewhere.openStream(media.url("gone.mp3") + "?sig=s3cret&exp=1"))
                .isInstanceOfSatisfying(CicException.class, e -> assertThat(e.httpStatus()).isEqualTo(404))
                .hasMessageContaining("404").hasMessageNotContaining("s3cret");
    }

    @Test
    void closingUnblocksAndEndsTheStream() throws Exception {
        AudioStream s = elsewhere.openStream(media.url("song.mp3"));
        s.body().readNBytes(10);
        s.close();
        assertThatThrownBy(() -> s.body().readAllBytes()).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void onlyHttpUrlsAreOpened() {
        assertThatThrownBy(() -> elsewhere.openStream("clova:TR-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clova:TR-1");
        assertThatThrownBy(() -> elsewhere.openStream("file:///etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
