package dev.opencic.server.skill.music;

import static dev.opencic.server.skill.music.MusicTesting.named;
import static dev.opencic.server.skill.music.MusicTesting.report;
import static dev.opencic.server.skill.music.MusicTesting.say;
import static dev.opencic.server.skill.music.MusicTesting.shown;
import static dev.opencic.server.skill.music.MusicTesting.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import dev.opencic.protocol.MessageCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Music over HTTP/2 by text: the Speak + Play sequence, the queue through next and previous,
 * pause/resume and stop driven by the device's events, repeat, lazy URLs, two devices, bad input.
 */
class MusicPlaybackTest {

    static final Path LIBRARY = MusicTesting.library();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0).musicDirs(List.of(LIBRARY)));

    static final List<String> KIND_OF_BLUE = List.of("So What", "Freddie Freeloader", "Blue in Green", "All Blues",
            "Flamenco Sketches");

    @BeforeAll
    static void libraryScanned() {
        Engines.requireLame();
        Engines.requireOggenc();
        MusicTesting.awaitTracks(cic, MusicTesting.SONGS.size());
    }

    @Test
    void playingAnArtistSpeaksFirstThenReplacesTheQueueAndEnqueuesTheRest() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> ds = say(device, "play miles davis");
            assertThat(ds).extracting(Directive::name)
                    .containsExactly("Speak", "RenderText", "Play", "Play", "Play", "Play", "Play");
            assertThat(shown(ds)).isEqualTo("Playing So What by Miles Davis.");
            List<Directive> plays = named(ds, "AudioPlayer.Play");
            assertThat(plays).extracting(d -> d.payload().get("playBehavior").asText())
                    .containsExactly("REPLACE_ALL", "ENQUEUE", "ENQUEUE", "ENQUEUE", "ENQUEUE");
            assertThat(plays).extracting(d -> d.payload().at("/audioItem/title").asText()).isEqualTo(KIND_OF_BLUE);
            assertThat(plays).extracting(Directive::dialogRequestId).containsOnly(ds.get(0).dialogRequestId());
            assertThat(plays).extracting(MusicTesting::token).doesNotHaveDuplicates();

            JsonNode item = plays.get(0).payload().get("audioItem");
            assertThat(item.get("audioItemId").asText()).isNotBlank();
            assertThat(item.get("id").asText()).isNotBlank();
            assertThat(item.get("type").asText()).isEqualTo("opencic-library");
            assertThat(item.get("artists").get(0).asText()).isEqualTo("Miles Davis");
            assertThat(item.at("/album/title").asText()).isEqualTo("Kind of Blue");
            JsonNode stream = item.get("stream");
            assertThat(stream.get("beginAtInMilliseconds").asLong()).isZero();
            assertThat(stream.at("/progressReport/progressReportIntervalInMilliseconds").asLong()).isPositive();
            assertThat(stream.get("urlPlayable").asBoolean()).isTrue();
            assertThat(stream.get("durationInMilliseconds").asLong()).isBetween(1000L, 2000L);

            // the first three carry a URL the device can fetch; the rest ask for theirs later
            for (int i = 0; i < 5; i++) {
                JsonNode s = plays.get(i).payload().at("/audioItem/stream");
                assertThat(s.get("urlPlayable").asBoolean()).isEqualTo(i < MusicDirectives.URLS_UP_FRONT);
                if (i >= MusicDirectives.URLS_UP_FRONT) {
                    assertThat(s.get("url").asText()).isEqualTo("clova:" + s.get("token").asText());
                }
            }
            AggregatedHttpResponse audio = WebClient.of().get(stream.get("url").asText()).aggregate().join();
            assertThat(audio.status().code()).isEqualTo(200);
            assertThat(audio.contentType().toString()).isEqualTo("audio/mpeg");
            assertThat(audio.content().array())
                    .isEqualTo(Files.readAllBytes(LIBRARY.resolve("Miles Davis/Kind of Blue/01 So What.mp3")));
        }
    }

    @Test
    void nextAndPreviousFollowTheQueueAsTheDeviceReportsIt() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> plays = named(say(device, "play the album kind of blue"), "AudioPlayer.Play");
            assertThat(report(device, "PlayStarted", token(plays.get(0)), "PLAYING", 0).status()).isEqualTo(204);
            assertThat(shown(say(device, "previous song"))).isEqualTo("This is the first song in the queue.");

            List<Directive> next = say(device, "next song");
            assertThat(shown(next)).isEqualTo("Next: Freddie Freeloader by Miles Davis.");
            assertThat(named(next, "PlaybackController.Next")).hasSize(1);
            report(device, "PlayFinished", token(plays.get(0)), "STOPPED", 1500);
            report(device, "PlayStarted", token(plays.get(1)), "PLAYING", 0);
            assertThat(shown(say(device, "what's playing")))
                    .isEqualTo("This is Freddie Freeloader by Miles Davis, from Kind of Blue.");

            // the device moves on by itself: its reports keep the server's view
            report(device, "PlayFinished", token(plays.get(1)), "STOPPED", 1000);
            report(device, "PlayStarted", token(plays.get(2)), "PLAYING", 0);
            List<Directive> previous = say(device, "previous track");
            assertThat(shown(previous)).isEqualTo("Back to Freddie Freeloader by Miles Davis.");
            assertThat(named(previous, "PlaybackController.Previous")).hasSize(1);
            report(device, "PlayStarted", token(plays.get(1)), "PLAYING", 0);

            for (int i = 2; i < 5; i++) {
                assertThat(shown(say(device, "skip"))).isEqualTo("Next: " + KIND_OF_BLUE.get(i) + " by Miles Davis.");
            }
            assertThat(shown(say(device, "next"))).isEqualTo("That was the last song in the queue.");
        }
    }

    @Test
    void pauseResumeAndStopFollowTheDevicesEvents() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(shown(say(device, "pause"))).isEqualTo("Nothing is playing right now.");
            assertThat(shown(say(device, "resume"))).startsWith("There's nothing to resume.");
            List<Directive> plays = named(say(device, "play coltrane"), "AudioPlayer.Play");
            String t = token(plays.get(0));
            report(device, "PlayStarted", t, "PLAYING", 0);
            assertThat(shown(say(device, "resume"))).isEqualTo("Acknowledgement by John Coltrane is already playing.");

            report(device, "PlayPaused", t, "PAUSED", 400);
            assertThat(shown(say(device, "what's playing"))).isEqualTo("Acknowledgement by John Coltrane, from A Love Supreme is paused.");
            assertThat(shown(say(device, "pause"))).isEqualTo("Nothing is playing right now.");
            List<Directive> resume = say(device, "resume");
            assertThat(named(resume, "PlaybackController.Resume")).hasSize(1);
            report(device, "PlayResumed", t, "PLAYING", 400);
            List<Directive> pause = say(device, "pause the music");
            assertThat(shown(pause)).isEqualTo("Paused.");
            assertThat(named(pause, "PlaybackController.Pause")).hasSize(1);
            report(device, "PlayResumed", t, "PLAYING", 500);

            List<Directive> stop = say(device, "stop the music");
            assertThat(named(stop, "PlaybackController.Stop")).hasSize(1);
            report(device, "PlayStopped", t, "STOPPED", 700);
            // after a stop the queue goes out again from where the device stopped, same tokens
            List<Directive> again = say(device, "resume");
            List<Directive> replay = named(again, "AudioPlayer.Play");
            assertThat(replay).hasSize(1);
            assertThat(replay.get(0).payload().get("playBehavior").asText()).isEqualTo("REPLACE_ALL");
            assertThat(replay.get(0).payload().at("/audioItem/stream/beginAtInMilliseconds").asLong()).isEqualTo(700);
            assertThat(token(replay.get(0))).isEqualTo(t);

            report(device, "PlayStarted", t, "PLAYING", 700);
            report(device, "ProgressReportIntervalPassed", t, "PLAYING", 900);
            report(device, "PlayFinished", t, "STOPPED", 1000);
            assertThat(shown(say(device, "what's playing"))).isEqualTo("Nothing is playing right now.");
        }
    }

    @Test
    void repeatTurnsOnAndOff() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(shown(say(device, "repeat this song"))).isEqualTo("Nothing is playing right now.");
            List<Directive> plays = named(say(device, "play the song blue in green"), "AudioPlayer.Play");
            assertThat(plays.get(0).payload().at("/audioItem/title").asText()).isEqualTo("Blue in Green");
            report(device, "PlayStarted", token(plays.get(0)), "PLAYING", 0);
            List<Directive> on = say(device, "repeat this song");
            assertThat(shown(on)).isEqualTo("Repeating Blue in Green by Miles Davis.");
            assertThat(named(on, "PlaybackController.TurnOnRepeatMode")).hasSize(1);
            // a repeating device finishes and starts the same token again
            report(device, "PlayFinished", token(plays.get(0)), "STOPPED", 1000);
            report(device, "PlayStarted", token(plays.get(0)), "PLAYING", 0);
            assertThat(shown(say(device, "what's playing"))).startsWith("This is Blue in Green");
            List<Directive> off = say(device, "stop repeating");
            assertThat(shown(off)).isEqualTo("Repeat is off.");
            assertThat(named(off, "PlaybackController.TurnOffRepeatMode")).hasSize(1);
        }
    }

    @Test
    void streamRequestedGetsStreamDeliverWithAFetchableUrl() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> plays = named(say(device, "play miles davis"), "AudioPlayer.Play");
            Directive lazy = plays.get(3);
            var payload = TestDevice.payload().put("audioItemId", lazy.payload().at("/audioItem/audioItemId").asText());
            payload.set("audioStream", lazy.payload().at("/audioItem/stream").deepCopy());
            List<StreamedParts.Part> parts = device.send(MusicTesting.event("AudioPlayer", "StreamRequested", payload,
                    token(plays.get(2)), "PLAYING", 900)).rest();
            assertThat(parts).hasSize(1);
            Directive deliver = parts.get(0).directive();
            assertThat(deliver.header().qualifiedName()).isEqualTo("AudioPlayer.StreamDeliver");
            assertThat(deliver.payload().get("audioItemId").asText())
                    .isEqualTo(lazy.payload().at("/audioItem/audioItemId").asText());
            JsonNode stream = deliver.payload().get("audioStream");
            assertThat(stream.get("token").asText()).isEqualTo(token(lazy));
            assertThat(stream.get("urlPlayable").asBoolean()).isTrue();
            AggregatedHttpResponse audio = WebClient.of().get(stream.get("url").asText()).aggregate().join();
            assertThat(audio.status().code()).isEqualTo(200);
            assertThat(audio.content().array())
                    .isEqualTo(Files.readAllBytes(LIBRARY.resolve("Miles Davis/Kind of Blue/04.mp3")));

            // the object named as in the reference's examples ("stream") is understood too
            var asExample = TestDevice.payload().put("audioItemId", plays.get(4).payload().at("/audioItem/audioItemId").asText());
            asExample.set("stream", plays.get(4).payload().at("/audioItem/stream").deepCopy());
            Directive deliver5 = device.send("AudioPlayer", "StreamRequested", null, asExample).next().directive();
            assertThat(deliver5.payload().at("/stream/token").asText()).isEqualTo(token(plays.get(4)));
        }
    }

    @Test
    void twoDevicesOfOneAccountKeepSeparatePlayers() throws Exception {
        try (TestDevice kitchen = cic.newDevice(); TestDevice bedroom = cic.newDevice()) {
            kitchen.connect();
            bedroom.connect();
            List<Directive> kitchenPlays = named(say(kitchen, "play miles davis"), "AudioPlayer.Play");
            List<Directive> bedroomPlays = named(say(bedroom, "play john coltrane"), "AudioPlayer.Play");
            report(kitchen, "PlayStarted", token(kitchenPlays.get(0)), "PLAYING", 0);
            report(bedroom, "PlayStarted", token(bedroomPlays.get(0)), "PLAYING", 0);
            report(bedroom, "PlayPaused", token(bedroomPlays.get(0)), "PAUSED", 10);
            assertThat(shown(say(kitchen, "what's playing"))).startsWith("This is So What by Miles Davis");
            assertThat(shown(say(bedroom, "what's playing"))).startsWith("Acknowledgement by John Coltrane");
            assertThat(shown(say(bedroom, "next"))).isEqualTo("That was the last song in the queue.");

            // one device cannot report on the other's stream, nor fetch its URL
            assertRejected(report(bedroom, "PlayStarted", token(kitchenPlays.get(0)), "PLAYING", 0), "unknown stream token");
            String kitchenUrl = kitchenPlays.get(0).payload().at("/audioItem/stream/url").asText();
            String forged = kitchenUrl.replace("device=" + kitchen.deviceId(), "device=" + bedroom.deviceId());
            assertThat(WebClient.of().get(forged).aggregate().join().status().code()).isEqualTo(403);
        }
    }

    @Test
    void unknownMusicGetsTheClosestMatchesAndSmallErrorsAreForgiven() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> miss = say(device, "play the album kind of green tea");
            assertThat(named(miss, "AudioPlayer.Play")).isEmpty();
            assertThat(shown(miss)).startsWith("I couldn't find kind of green tea in your music. Did you mean ")
                    .contains("Kind of Blue");
            List<Directive> close = say(device, "play myles davies");
            assertThat(shown(close)).isEqualTo("Playing So What by Miles Davis.");
            List<Directive> byFileName = say(device, "play feeling good");
            assertThat(shown(byFileName)).isEqualTo("Playing Feeling Good by Nina Simone.");
            assertThat(named(say(device, "play some jazz"), "AudioPlayer.Play")).hasSize(6);
            assertThat(named(say(device, "play some music"), "AudioPlayer.Play")).hasSize(MusicTesting.SONGS.size());
        }
    }

    @Test
    void theDevicesButtonsGetTheSameDirectivesWithoutSpeech() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(device.send("PlaybackController", "PauseCommandIssued", null, TestDevice.payload()).status())
                    .isEqualTo(204);
            List<Directive> plays = named(say(device, "play the album kind of blue"), "AudioPlayer.Play");
            report(device, "PlayStarted", token(plays.get(0)), "PLAYING", 0);
            List<StreamedParts.Part> next = device.send("PlaybackController", "NextCommandIssued", null,
                    TestDevice.payload()).rest();
            assertThat(next).extracting(p -> p.directive().header().qualifiedName())
                    .containsExactly("PlaybackController.Next");
            report(device, "PlayStarted", token(plays.get(1)), "PLAYING", 0);
            List<StreamedParts.Part> pause = device.send("PlaybackController", "PauseCommandIssued", null,
                    TestDevice.payload()).rest();
            assertThat(pause).extracting(p -> p.directive().name()).containsExactly("Pause");
            report(device, "PlayPaused", token(plays.get(1)), "PAUSED", 300);
            report(device, "PlayStopped", token(plays.get(1)), "STOPPED", 300);
            // "play" on a stopped player gives the queue again from where it stopped, with fresh URLs
            List<StreamedParts.Part> play = device.send("PlaybackController", "PlayCommandIssued", null,
                    TestDevice.payload()).rest();
            assertThat(play).extracting(p -> p.directive().name()).containsExactly("Play", "Play", "Play", "Play");
            Directive first = play.get(0).directive();
            assertThat(first.payload().at("/audioItem/stream/beginAtInMilliseconds").asLong()).isEqualTo(300);
            assertThat(WebClient.of().get(first.payload().at("/audioItem/stream/url").asText()).aggregate().join()
                    .status().code()).isEqualTo(200);
        }
    }

    @Test
    void badPlaybackEventsAreRefusedWithSystemException() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertRejected(device.send("AudioPlayer", "PlayStarted", null, TestDevice.payload()),
                    "needs the AudioPlayer.PlaybackState context");
            assertRejected(report(device, "PlayStarted", "never-issued", "PLAYING", 0), "unknown stream token never-issued");
            assertRejected(report(device, "PlayStarted", "", "PLAYING", 0), "has no stream.token");
            assertRejected(device.send("AudioPlayer", "StreamRequested", null, TestDevice.payload()),
                    "needs payload.audioStream.token");
            var payload = TestDevice.payload();
            payload.putObject("audioStream").put("token", "x".repeat(500));
            assertRejected(device.send("AudioPlayer", "StreamRequested", null, payload), "unknown stream token");
            // a state report without the activity the reference requires
            assertRejected(device.send("AudioPlayer", "ReportPlaybackState", null, TestDevice.payload()),
                    "needs payload.playerActivity");
        }
    }

    static void assertRejected(StreamedParts res, String descriptionPart) throws Exception {
        assertThat(res.status()).isEqualTo(400);
        JsonNode exception = MessageCodec.mapper().readTree(res.next().body());
        assertThat(exception.at("/header/name").asText()).isEqualTo("Exception");
        assertThat(exception.at("/payload/description").asText()).contains(descriptionPart)
                .doesNotContain("\tat ");
    }
}
