package dev.opencic.server.skill.music;

import static dev.opencic.server.skill.music.MusicPlaybackTest.assertRejected;
import static dev.opencic.server.skill.music.MusicTesting.named;
import static dev.opencic.server.skill.music.MusicTesting.report;
import static dev.opencic.server.skill.music.MusicTesting.say;
import static dev.opencic.server.skill.music.MusicTesting.shown;
import static dev.opencic.server.skill.music.MusicTesting.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
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
 * The music rows of issue 20 over HTTP/2: Replay, ClearQueue, SetRepeatMode and the Repeat button,
 * Expect*Command for a player the device owns, remote buttons, a list entry played by token,
 * CustomCommandIssued, ReportPlaybackState/RequestPlaybackState with ExpectReportPlaybackState and
 * SynchronizePlaybackState (also after a reconnect), and bad input for each.
 */
class MusicReferenceRowsTest {

    static final Path LIBRARY = MusicTesting.library();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0).musicDirs(List.of(LIBRARY)));

    @BeforeAll
    static void libraryScanned() {
        Engines.requireLame();
        Engines.requireOggenc();
        MusicTesting.awaitTracks(cic, MusicTesting.SONGS.size());
    }

    @Test
    void replayStartsTheSongAgainAndClearQueueDropsWhatFollows() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(shown(say(device, "play it again"))).isEqualTo("Nothing is playing right now.");
            assertThat(shown(say(device, "clear the queue"))).isEqualTo("The queue is already empty.");
            List<Directive> plays = named(say(device, "play the album kind of blue"), "AudioPlayer.Play");
            report(device, "PlayStarted", token(plays.get(0)), "PLAYING", 0);
            report(device, "ProgressReportIntervalPassed", token(plays.get(0)), "PLAYING", 900);

            List<Directive> replay = say(device, "start this song from the beginning");
            assertThat(shown(replay)).isEqualTo("From the beginning: So What by Miles Davis.");
            assertThat(named(replay, "PlaybackController.Replay")).hasSize(1);

            List<Directive> clear = say(device, "clear the queue");
            assertThat(shown(clear)).isEqualTo("Cleared 4 songs from the queue.");
            List<Directive> cleared = named(clear, "AudioPlayer.ClearQueue");
            assertThat(cleared).hasSize(1);
            assertThat(cleared.get(0).payload().get("clearBehavior").asText()).isEqualTo("CLEAR_ENQUEUED");
            assertThat(shown(say(device, "next"))).isEqualTo("That was the last song in the queue.");
            assertThat(shown(say(device, "clear the queue"))).isEqualTo("There's nothing queued after this song.");

            // a cleared entry's URL is no longer handed out
            var payload = TestDevice.payload();
            payload.putObject("audioStream").put("token", token(plays.get(3)));
            assertRejected(device.send("AudioPlayer", "StreamRequested", null, payload), "no longer queued");
        }
    }

    @Test
    void aDeviceReportingRepeatModeGetsSetRepeatModeAndItsRepeatButtonIsAnswered() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> plays = named(say(device, "play the song blue in green"), "AudioPlayer.Play");
            String t = token(plays.get(0));
            device.send(withState(event("AudioPlayer", "PlayStarted", TestDevice.payload(), null),
                    state(t, "PLAYING", 0).put("repeatMode", "NONE")));
            List<Directive> on = say(device, "repeat this song");
            assertThat(named(on, "PlaybackController.TurnOnRepeatMode")).isEmpty();
            List<Directive> set = named(on, "PlaybackController.SetRepeatMode");
            assertThat(set).hasSize(1);
            assertThat(set.get(0).payload().get("repeatMode").asText()).isEqualTo("REPEAT_ONE");

            List<StreamedParts.Part> button = device.send("PlaybackController", "SetRepeatModeCommandIssued", null,
                    TestDevice.payload().put("repeatMode", "NONE")).rest();
            assertThat(button).extracting(p -> p.directive().header().qualifiedName())
                    .containsExactly("PlaybackController.SetRepeatMode");
            assertThat(button.get(0).directive().payload().get("repeatMode").asText()).isEqualTo("NONE");

            assertRejected(device.send("PlaybackController", "SetRepeatModeCommandIssued", null,
                    TestDevice.payload().put("repeatMode", "REPEAT_SOMETIMES")), "repeatMode NONE or REPEAT_ONE");
            assertRejected(device.send("PlaybackController", "SetRepeatModeCommandIssued", null, TestDevice.payload()),
                    "repeatMode NONE or REPEAT_ONE");
            // nothing changed by the refused ones: repeat is still off
            assertThat(shown(say(device, "stop repeating"))).isEqualTo("Repeat is off.");
        }
    }

    @Test
    void aPlayerTheDeviceOwnsIsAskedToPressItsOwnButtons() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            ObjectNode playing = state("bluetooth-stream-1", "PLAYING", 5000);
            assertThat(names(sayWith(device, "next", playing))).contains("PlaybackController.ExpectNextCommand");
            assertThat(names(sayWith(device, "previous song", playing)))
                    .contains("PlaybackController.ExpectPreviousCommand");
            assertThat(names(sayWith(device, "pause", playing))).contains("PlaybackController.ExpectPauseCommand");
            assertThat(names(sayWith(device, "stop the music", playing)))
                    .contains("PlaybackController.ExpectStopCommand");
            ObjectNode paused = state("bluetooth-stream-1", "PAUSED", 6000);
            assertThat(names(sayWith(device, "resume", paused))).contains("PlaybackController.ExpectResumeCommand");
            ObjectNode stopped = state("bluetooth-stream-1", "STOPPED", 6000);
            assertThat(names(sayWith(device, "resume", stopped))).contains("PlaybackController.ExpectPlayCommand");

            // the device does as asked and reports the button: nothing of the server's plays, so 204
            assertThat(device.send(withState(event("PlaybackController", "NextCommandIssued", TestDevice.payload(),
                    null), playing)).status()).isEqualTo(204);
            // once the server's own queue plays, the server's directives are back
            List<Directive> plays = named(say(device, "play coltrane"), "AudioPlayer.Play");
            report(device, "PlayStarted", token(plays.get(0)), "PLAYING", 0);
            assertThat(names(say(device, "pause"))).contains("PlaybackController.Pause");
        }
    }

    @Test
    void buttonsCanControlAnotherDeviceOfTheAccountAndPlayAListEntryByToken() throws Exception {
        try (TestDevice kitchen = cic.newDevice(); TestDevice phone = cic.newDevice()) {
            StreamedParts kitchenDown = kitchen.connect();
            phone.connect();
            List<Directive> plays = named(say(kitchen, "play the album kind of blue"), "AudioPlayer.Play");
            report(kitchen, "PlayStarted", token(plays.get(0)), "PLAYING", 0);

            StreamedParts remote = phone.send("PlaybackController", "NextCommandIssued", null,
                    TestDevice.payload().put("deviceId", kitchen.deviceId()));
            assertThat(remote.status()).isEqualTo(204);
            assertThat(kitchenDown.next().directive().header().qualifiedName()).isEqualTo("PlaybackController.Next");
            assertRejected(phone.send("PlaybackController", "PauseCommandIssued", null,
                    TestDevice.payload().put("deviceId", "someone-elses-speaker")), "no device someone-elses-speaker");

            // the fourth entry of the list, by its token
            List<StreamedParts.Part> play = kitchen.send("PlaybackController", "PlayCommandIssued", null,
                    TestDevice.payload().put("token", token(plays.get(3)))).rest();
            assertThat(play).extracting(p -> p.directive().name()).containsExactly("Play", "Play");
            assertThat(token(play.get(0).directive())).isEqualTo(token(plays.get(3)));
            assertThat(play.get(0).directive().payload().get("playBehavior").asText()).isEqualTo("REPLACE_ALL");
            assertRejected(kitchen.send("PlaybackController", "PlayCommandIssued", null,
                    TestDevice.payload().put("token", "not-a-token")), "unknown token not-a-token");
            assertRejected(kitchen.send("PlaybackController", "PlayCommandIssued", null,
                    TestDevice.payload().put("token", 5)), "token");

            assertThat(kitchen.send("PlaybackController", "CustomCommandIssued", null,
                    TestDevice.payload().put("button", "CUSTOM_BUTTON_2")).status()).isEqualTo(204);
            assertRejected(kitchen.send("PlaybackController", "CustomCommandIssued", null, TestDevice.payload()),
                    "needs payload.button");
        }
    }

    @Test
    void requestPlaybackStateAnswersNowAndAgainWhenTheOtherDeviceReports() throws Exception {
        try (TestDevice kitchen = cic.newDevice(); TestDevice phone = cic.newDevice()) {
            StreamedParts kitchenDown = kitchen.connect();
            StreamedParts phoneDown = phone.connect();
            List<Directive> plays = named(say(kitchen, "play coltrane"), "AudioPlayer.Play");
            String t = token(plays.get(0));
            report(kitchen, "PlayStarted", t, "PLAYING", 0);
            report(kitchen, "ProgressReportIntervalPassed", t, "PLAYING", 400);

            List<StreamedParts.Part> now = phone.send("AudioPlayer", "RequestPlaybackState", null,
                    TestDevice.payload().put("deviceId", kitchen.deviceId())).rest();
            assertThat(now).hasSize(1);
            Directive sync = now.get(0).directive();
            assertThat(sync.header().qualifiedName()).isEqualTo("AudioPlayer.SynchronizePlaybackState");
            assertThat(sync.payload().get("deviceId").asText()).isEqualTo(kitchen.deviceId());
            assertThat(sync.payload().get("event").asText()).isEqualTo("PlayStarted");
            assertThat(sync.payload().at("/playbackState/playerActivity").asText()).isEqualTo("PLAYING");
            assertThat(sync.payload().at("/playbackState/token").asText()).isEqualTo(t);
            assertThat(sync.payload().at("/playbackState/offsetInMilliseconds").asLong()).isEqualTo(400);
            assertThat(sync.payload().at("/playbackState/repeatMode").asText()).isEqualTo("NONE");
            assertThat(sync.payload().at("/playbackState/stream/url").asText()).isEqualTo("clova:" + t);

            Directive expect = kitchenDown.next().directive();
            assertThat(expect.header().qualifiedName()).isEqualTo("AudioPlayer.ExpectReportPlaybackState");
            var state = TestDevice.payload().put("playerActivity", "PAUSED").put("repeatMode", "NONE")
                    .put("offsetInMilliseconds", 700).put("token", t);
            assertThat(kitchen.send("AudioPlayer", "ReportPlaybackState", null, state).status()).isEqualTo(204);
            Directive fresh = phoneDown.next().directive();
            assertThat(fresh.header().qualifiedName()).isEqualTo("AudioPlayer.SynchronizePlaybackState");
            assertThat(fresh.payload().at("/playbackState/playerActivity").asText()).isEqualTo("PAUSED");
            assertThat(fresh.payload().at("/playbackState/offsetInMilliseconds").asLong()).isEqualTo(700);
            assertThat(shown(say(kitchen, "what's playing"))).endsWith("is paused.");

            // without a deviceId: every other device of the account
            List<StreamedParts.Part> all = phone.send("AudioPlayer", "RequestPlaybackState", null,
                    TestDevice.payload()).rest();
            assertThat(all).extracting(p -> p.directive().payload().get("deviceId").asText())
                    .contains(kitchen.deviceId()).doesNotContain(phone.deviceId());

            assertRejected(phone.send("AudioPlayer", "RequestPlaybackState", null,
                    TestDevice.payload().put("deviceId", "nobody")), "no device nobody");
            assertRejected(kitchen.send("AudioPlayer", "ReportPlaybackState", null,
                    TestDevice.payload().put("playerActivity", "DANCING").put("repeatMode", "NONE")),
                    "playerActivity");
            assertRejected(kitchen.send("AudioPlayer", "ReportPlaybackState", null,
                    TestDevice.payload().put("playerActivity", "PLAYING").put("repeatMode", "SOMETIMES")),
                    "repeatMode must be NONE or REPEAT_ONE");
            assertThat(shown(say(kitchen, "what's playing"))).endsWith("is paused.");
        }
    }

    @Test
    void aReconnectedDeviceIsAskedForItsStateAndAnIdleOneGetsItsQueueBackOnResume() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> plays = named(say(device, "play the album kind of blue"), "AudioPlayer.Play");
            report(device, "PlayStarted", token(plays.get(1)), "PLAYING", 0);
            report(device, "ProgressReportIntervalPassed", token(plays.get(1)), "PLAYING", 600);

            StreamedParts again = device.openDownchannel();
            assertThat(again.next().directive().name()).isEqualTo("Hello");
            assertThat(again.next().directive().header().qualifiedName())
                    .isEqualTo("AudioPlayer.ExpectReportPlaybackState");
            // the device restarted and lost its queue
            assertThat(device.send("AudioPlayer", "ReportPlaybackState", null,
                    TestDevice.payload().put("playerActivity", "IDLE").put("repeatMode", "NONE")).status())
                    .isEqualTo(204);
            List<Directive> resume = named(say(device, "resume"), "AudioPlayer.Play");
            assertThat(resume).hasSize(4);
            assertThat(token(resume.get(0))).isEqualTo(token(plays.get(1)));
            assertThat(resume.get(0).payload().at("/audioItem/stream/beginAtInMilliseconds").asLong()).isEqualTo(600);
        }
    }

    static List<String> names(List<Directive> ds) {
        return ds.stream().map(d -> d.header().qualifiedName()).toList();
    }

    /** A PlaybackState context naming {@code token}. */
    static ObjectNode state(String token, String activity, long offsetMs) {
        ObjectNode state = TestDevice.payload().put("playerActivity", activity).put("offsetInMilliseconds", offsetMs)
                .put("totalInMilliseconds", 10_000);
        state.putObject("stream").put("token", token).put("url", "clova:" + token);
        return state;
    }

    static Event event(String namespace, String name, ObjectNode payload, String dialogRequestId) {
        return new Event(new Header(namespace, name, MessageIds.newId(), dialogRequestId), payload, List.of());
    }

    /** The event with these context objects: AudioPlayer.PlaybackState, or Device.Display for an ObjectNode with "size". */
    static byte[] withState(Event e, ObjectNode... contexts) {
        List<ContextObject> cs = new ArrayList<>();
        for (ObjectNode c : contexts) {
            cs.add(c.has("size") ? new ContextObject(new Header("Device", "Display", null, null), c)
                    : new ContextObject(new Header("AudioPlayer", "PlaybackState", null, null), c));
        }
        return MessageCodec.writeEvent(new Event(e.header(), e.payload(), cs));
    }

    /** Says something by text with these context objects and returns the directives of the answer. */
    static List<Directive> sayWith(TestDevice device, String text, ObjectNode... contexts) throws Exception {
        StreamedParts res = device.send(withState(event("TextRecognizer", "Recognize",
                TestDevice.payload().put("text", text), MessageIds.newId()), contexts));
        assertThat(res.status()).as("status for \"%s\"", text).isEqualTo(200);
        return res.directives();
    }
}
