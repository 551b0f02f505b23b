package dev.opencic.server.skill.music;

import static dev.opencic.server.skill.music.MusicTesting.named;
import static dev.opencic.server.skill.music.MusicTesting.report;
import static dev.opencic.server.skill.music.MusicTesting.say;
import static dev.opencic.server.skill.music.MusicTesting.shown;
import static dev.opencic.server.skill.music.MusicTesting.token;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.TestDevice;
import dev.opencic.server.testing.ToneLibrary;
import dev.opencic.server.testing.ToneLibrary.Song;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Titles made of common words, found over HTTP/2 from what people say ("play so what by miles
 * davis"), with misheard names ("the details"); and "stop" while that music plays, after a ringing
 * alarm. The library is tagged MP3s generated at test time.
 */
class MusicTitlesTest {

    static final List<Song> SONGS = List.of(
            new Song("md/01.mp3", "So What", "Miles Davis", "Kind of Blue", "Jazz", 1, 1, 440),
            new Song("md/03.mp3", "Blue in Green", "Miles Davis", "Kind of Blue", "Jazz", 3, 1, 523),
            new Song("b/help.mp3", "Help!", "The Beatles", "Help!", "Rock", 1, 1, 392),
            new Song("b/yesterday.mp3", "Yesterday", "The Beatles", "Help!", "Rock", 13, 1, 349),
            new Song("b/letitbe.mp3", "Let It Be", "The Beatles", "Let It Be", "Rock", 6, 1, 330));

    static final Path LIBRARY = library();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0).musicDirs(List.of(LIBRARY)));

    static Path library() {
        try {
            Path dir = Files.createTempDirectory("cic-titles");
            if (ToneLibrary.hasLame()) {
                ToneLibrary.write(dir, SONGS);
            }
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void scanned() {
        Engines.requireLame();
        MusicTesting.awaitTracks(cic, SONGS.size());
    }

    @Test
    void aTitleAndItsArtistAreMatchedTogether() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(firstTitle(device, "play blue in green by miles davis")).isEqualTo("Blue in Green");
            assertThat(firstTitle(device, "play so what by miles davis")).isEqualTo("So What");
            assertThat(firstTitle(device, "play so what from kind of blue")).isEqualTo("So What");
            assertThat(firstTitle(device, "play help by the beatles")).isEqualTo("Help!");
            assertThat(firstTitle(device, "play let it be by the beatles")).isEqualTo("Let It Be");
        }
    }

    @Test
    void commonWordTitlesAlone() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(firstTitle(device, "play yesterday")).isEqualTo("Yesterday");
            assertThat(firstTitle(device, "play let it be")).isEqualTo("Let It Be");
            assertThat(firstTitle(device, "play so what")).isEqualTo("So What");
            assertThat(firstTitle(device, "play blue in green")).isEqualTo("Blue in Green");
        }
    }

    @Test
    void aMisheardNameSoundingLikeTheLibrarysIsFound() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> ds = say(device, "play the details");
            assertThat(named(ds, "AudioPlayer.Play")).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.payload().at("/audioItem/artists/0").asText()).isEqualTo("The Beatles"));
            assertThat(firstTitle(device, "play yesterday by the details")).isEqualTo("Yesterday");
        }
    }

    @Test
    void stopWhileMusicPlaysStopsTheMusicButARingingAlarmFirst() throws Exception {
        try (TestDevice device = cic.deviceOf("u" + UUID.randomUUID().toString().substring(0, 8),
                "a long enough password", "device-" + UUID.randomUUID())) {
            device.connect();
            Directive play = named(say(device, "play let it be"), "AudioPlayer.Play").get(0);
            assertThat(report(device, "PlayStarted", token(play), "PLAYING", 0).status()).isEqualTo(204);

            String alarm = named(say(device, "set an alarm for 7 am tomorrow"), "Alerts.SetAlert").get(0)
                    .payload().get("token").asText();
            assertThat(device.send("Alerts", "AlertStarted", null,
                    TestDevice.payload().put("token", alarm).put("type", "ALARM")).status()).isEqualTo(204);
            List<Directive> first = say(device, "stop");
            assertThat(named(first, "Alerts.StopAlert")).hasSize(1);
            assertThat(named(first, "PlaybackController.Stop")).isEmpty();
            device.send("Alerts", "AlertStopped", null, TestDevice.payload().put("token", alarm).put("type", "ALARM"));

            List<Directive> second = say(device, "enough");
            assertThat(named(second, "PlaybackController.Stop")).hasSize(1);
            assertThat(shown(second)).isEqualTo("Stopped.");
        }
    }

    static String firstTitle(TestDevice device, String words) throws Exception {
        List<Directive> ds = say(device, words);
        List<Directive> plays = named(ds, "AudioPlayer.Play");
        assertThat(plays).as("plays for '%s': %s", words, shown(ds)).isNotEmpty();
        return plays.get(0).payload().at("/audioItem/title").asText();
    }
}
