package dev.opencic.server.skill.music;

import static dev.opencic.server.skill.music.MusicPlaybackTest.assertRejected;
import static dev.opencic.server.skill.music.MusicReferenceRowsTest.sayWith;
import static dev.opencic.server.skill.music.MusicTesting.named;
import static dev.opencic.server.skill.music.MusicTesting.report;
import static dev.opencic.server.skill.music.MusicTesting.say;
import static dev.opencic.server.skill.music.MusicTesting.shown;
import static dev.opencic.server.skill.music.MusicTesting.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TemplateRuntime over HTTP/2: RenderPlayerInfo for a device with a screen, RequestPlayerInfo
 * answered from the library around a token, likes by button and by voice kept per account,
 * ExpectRequestPlayerInfo when the position moves, bad input.
 */
class PlayerInfoTest {

    static final Path LIBRARY = MusicTesting.library();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0).musicDirs(List.of(LIBRARY)));

    @BeforeAll
    static void libraryScanned() {
        Engines.requireLame();
        Engines.requireOggenc();
        MusicTesting.awaitTracks(cic, MusicTesting.SONGS.size());
    }

    static ObjectNode display() {
        return TestDevice.payload().put("size", "m").put("orientation", "landscape").put("dpi", 160);
    }

    @Test
    void aDeviceWithAScreenGetsThePlayerWithItsQueue() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> ds = sayWith(device, "play the album kind of blue", display());
            List<Directive> plays = named(ds, "AudioPlayer.Play");
            List<Directive> info = named(ds, "TemplateRuntime.RenderPlayerInfo");
            assertThat(info).hasSize(1);
            JsonNode p = info.get(0).payload();
            assertThat(p.get("displayType").asText()).isEqualTo("list");
            assertThat(p.at("/provider/name").asText()).isEqualTo(MusicDirectives.SOURCE_NAME);
            assertThat(names(p.get("controls"))).containsExactly("PLAY_PAUSE", "NEXT", "PREVIOUS");
            assertThat(p.get("controls").get(2).get("enabled").asBoolean()).isFalse(); // first song: no previous
            JsonNode items = p.get("playableItems");
            assertThat(items).hasSize(5);
            for (int i = 0; i < 5; i++) {
                assertThat(items.get(i).get("token").asText()).isEqualTo(token(plays.get(i)));
                assertThat(items.get(i).get("titleText").asText()).isEqualTo(MusicPlaybackTest.KIND_OF_BLUE.get(i));
                assertThat(items.get(i).get("titleSubText1").asText()).isEqualTo("Miles Davis");
                assertThat(items.get(i).get("titleSubText2").asText()).isEqualTo("Kind of Blue");
                assertThat(items.get(i).get("showAdultIcon").asBoolean()).isFalse();
                assertThat(items.get(i).at("/controls/0/name").asText()).isEqualTo("LIKE_DISLIKE");
                assertThat(items.get(i).at("/controls/0/selected").asBoolean()).isFalse();
            }
            // a device without a screen gets none
            assertThat(named(say(device, "play the album kind of blue"), "TemplateRuntime.RenderPlayerInfo")).isEmpty();

            List<Directive> again = named(sayWith(device, "play the album kind of blue", display()), "AudioPlayer.Play");
            report(device, "PlayStarted", token(again.get(0)), "PLAYING", 0);
            List<Directive> next = sayWith(device, "next song", display());
            assertThat(names(next)).contains("PlaybackController.Next", "TemplateRuntime.ExpectRequestPlayerInfo");
        }
    }

    @Test
    void requestPlayerInfoAnswersTheRangeAroundTheToken() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> plays = named(say(device, "play the album kind of blue"), "AudioPlayer.Play");
            var around = TestDevice.payload().put("token", token(plays.get(2)));
            around.putObject("range").put("before", 1).put("after", 1);
            JsonNode p = render(device.send("TemplateRuntime", "RequestPlayerInfo", null, around));
            assertThat(tokens(p)).containsExactly(token(plays.get(1)), token(plays.get(2)), token(plays.get(3)));

            // without a range: from the token on; the reference's section name is taken too
            JsonNode rest = render(device.send("TemplateRuntime", "RequestPlayerInfoIssued", null,
                    TestDevice.payload().put("token", token(plays.get(3)))));
            assertThat(tokens(rest)).containsExactly(token(plays.get(3)), token(plays.get(4)));
            var last = TestDevice.payload().put("token", token(plays.get(4)));
            last.putObject("range").put("after", 0);
            assertThat(render(device.send("TemplateRuntime", "RequestPlayerInfo", null, last))
                    .get("displayType").asText()).isEqualTo("single");

            assertRejected(device.send("TemplateRuntime", "RequestPlayerInfo", null, TestDevice.payload()),
                    "needs payload.token");
            assertRejected(device.send("TemplateRuntime", "RequestPlayerInfo", null,
                    TestDevice.payload().put("token", "made-up")), "unknown token made-up");
            var negative = TestDevice.payload().put("token", token(plays.get(2)));
            negative.putObject("range").put("before", -1);
            assertRejected(device.send("TemplateRuntime", "RequestPlayerInfo", null, negative), "must not be negative");
            var wrongType = TestDevice.payload().put("token", token(plays.get(2)));
            wrongType.putObject("range").put("after", "five");
            assertRejected(device.send("TemplateRuntime", "RequestPlayerInfo", null, wrongType), "after");
        }
    }

    @Test
    void likesAreKeptPerAccountByButtonAndByVoice() throws Exception {
        try (TestDevice kitchen = cic.newDevice(); TestDevice bedroom = cic.newDevice();
             TestDevice stranger = cic.deviceOf("carol", "carol-password-1", "carols-speaker")) {
            kitchen.connect();
            bedroom.connect();
            stranger.connect();
            List<Directive> plays = named(say(kitchen, "play the album kind of blue"), "AudioPlayer.Play");
            JsonNode liked = render(kitchen.send("TemplateRuntime", "LikeCommandIssued", null,
                    TestDevice.payload().put("token", token(plays.get(1)))));
            assertThat(selected(liked)).containsExactly(false, true, false, false, false);

            // another device of the account sees the like; another account does not
            JsonNode bedroomInfo = named(sayWith(bedroom, "play the album kind of blue", display()),
                    "TemplateRuntime.RenderPlayerInfo").get(0).payload();
            assertThat(selected(bedroomInfo)).containsExactly(false, true, false, false, false);
            JsonNode strangerInfo = named(sayWith(stranger, "play the album kind of blue", display()),
                    "TemplateRuntime.RenderPlayerInfo").get(0).payload();
            assertThat(selected(strangerInfo)).containsOnly(false);

            // by voice: the song playing
            report(kitchen, "PlayStarted", token(plays.get(0)), "PLAYING", 0);
            assertThat(shown(say(kitchen, "i like this song"))).isEqualTo("Noted: you like So What by Miles Davis.");
            assertThat(shown(say(kitchen, "i love this track"))).isEqualTo("You already like So What by Miles Davis.");
            List<Directive> unlike = sayWith(kitchen, "unlike this song", display());
            assertThat(shown(unlike)).isEqualTo("So What by Miles Davis is no longer in your liked songs.");
            assertThat(selected(named(unlike, "TemplateRuntime.RenderPlayerInfo").get(0).payload()))
                    .containsExactly(false, true, false, false, false);

            JsonNode unliked = render(kitchen.send("TemplateRuntime", "UnlikeCommandIssued", null,
                    TestDevice.payload().put("token", token(plays.get(1)))));
            assertThat(selected(unliked)).containsOnly(false);

            assertRejected(kitchen.send("TemplateRuntime", "LikeCommandIssued", null, TestDevice.payload()),
                    "needs payload.token");
            // a token of another device's queue is not this device's to like
            List<Directive> strangerPlays = named(say(stranger, "play coltrane"), "AudioPlayer.Play");
            assertRejected(kitchen.send("TemplateRuntime", "LikeCommandIssued", null,
                    TestDevice.payload().put("token", token(strangerPlays.get(0)))), "unknown token");
            assertThat(shown(say(stranger, "unlike this song"))).isEqualTo("You hadn't liked Acknowledgement by John Coltrane.");
        }
    }

    static JsonNode render(StreamedParts res) throws Exception {
        assertThat(res.status()).isEqualTo(200);
        List<StreamedParts.Part> parts = res.rest();
        assertThat(parts).hasSize(1);
        Directive d = parts.get(0).directive();
        assertThat(d.header().qualifiedName()).isEqualTo("TemplateRuntime.RenderPlayerInfo");
        return d.payload();
    }

    static List<String> names(JsonNode controls) {
        List<String> out = new ArrayList<>();
        controls.forEach(c -> out.add(c.get("name").asText()));
        return out;
    }

    static List<String> names(List<Directive> ds) {
        return ds.stream().map(d -> d.header().qualifiedName()).toList();
    }

    static List<String> tokens(JsonNode info) {
        List<String> out = new ArrayList<>();
        info.get("playableItems").forEach(i -> out.add(i.get("token").asText()));
        return out;
    }

    static List<Boolean> selected(JsonNode info) {
        List<Boolean> out = new ArrayList<>();
        info.get("playableItems").forEach(i -> out.add(i.at("/controls/0/selected").asBoolean()));
        return out;
    }
}
