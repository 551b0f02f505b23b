package dev.opencic.client.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CicClient;
import dev.opencic.client.ContextState;
import dev.opencic.client.EventResponse;
import dev.opencic.client.FileTokenStore;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.agent.AudioPlayerAgent;
import dev.opencic.client.agent.PlaybackControllerAgent;
import dev.opencic.client.agent.TemplateRuntimeAgent;
import dev.opencic.client.context.ContextObjects;
import dev.opencic.client.context.DisplayContext;
import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.protocol.payload.PlayerActivity;
import dev.opencic.protocol.payload.TemplateRuntime;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.ToneLibrary;
import dev.opencic.server.testing.ToneLibrary.Song;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The music rows of issue 20 through the SDK against the in-process server: RenderPlayerInfo and
 * likes reach the TemplateRuntime agent typed; SetRepeatMode, Replay and ClearQueue reach the
 * music player; an app's RequestPlaybackState gets typed SynchronizePlaybackState (the speaker's
 * player answers ExpectReportPlaybackState by itself); the app's buttons (remote Pause, Repeat,
 * a custom one) reach the server; Expect*Command makes the agent send the command.
 */
class MusicRowsSdkTest {

    static final Path LIBRARY = createLibraryDir();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.musicDirs(List.of(LIBRARY)).asrPoolSize(0));

    final VirtualOutput output = new VirtualOutput();
    final List<AutoCloseable> open = new java.util.ArrayList<>();

    static Path createLibraryDir() {
        try {
            Path dir = Files.createTempDirectory("music-rows");
            if (ToneLibrary.hasLame()) {
                ToneLibrary.write(dir, List.of(
                        new Song("Duke/Tones/01.mp3", "Morning Tone", "Duke Sine", "Tones", "Jazz", 1, 1.0, 440),
                        new Song("Duke/Tones/02.mp3", "Noon Tone", "Duke Sine", "Tones", "Jazz", 2, 1.0, 494),
                        new Song("Duke/Tones/03.mp3", "Evening Tone", "Duke Sine", "Tones", "Jazz", 3, 1.0, 523)));
            }
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void needsLame() {
        Engines.requireLame();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** The screen of the speaker: keeps what it is shown. */
    static final class Screen extends TemplateRuntimeAgent {
        final BlockingQueue<TemplateRuntime.RenderPlayerInfo> shown = new LinkedBlockingQueue<>();

        @Override
        protected void onRenderPlayerInfo(TemplateRuntime.RenderPlayerInfo payload, ReceivedDirective directive) {
            shown.add(payload);
        }

        TemplateRuntime.RenderPlayerInfo next() throws InterruptedException {
            TemplateRuntime.RenderPlayerInfo p = shown.poll(10, TimeUnit.SECONDS);
            assertThat(p).as("a RenderPlayerInfo").isNotNull();
            return p;
        }
    }

    /** The account's app: follows the speaker's player. */
    static final class App extends AudioPlayerAgent {
        final BlockingQueue<AudioPlayer.SynchronizePlaybackState> states = new LinkedBlockingQueue<>();

        @Override
        protected void onSynchronizePlaybackState(AudioPlayer.SynchronizePlaybackState payload, ReceivedDirective d) {
            states.add(payload);
        }

        AudioPlayer.SynchronizePlaybackState next() throws InterruptedException {
            AudioPlayer.SynchronizePlaybackState s = states.poll(10, TimeUnit.SECONDS);
            assertThat(s).as("a SynchronizePlaybackState").isNotNull();
            return s;
        }
    }

    CicClient client(String deviceId, java.util.function.UnaryOperator<CicClient.Builder> setup) throws Exception {
        CicClient c = setup.apply(CicClient.builder()
                .serverUrl(cic.baseUri())
                .clientCredentials(cic.clientId(), cic.clientSecret())
                .deviceId(deviceId)
                .tokenStore(new FileTokenStore(Files.createTempDirectory("music-rows").resolve("tokens.json"))))
                .build();
        open.add(0, c);
        c.login(CicServerExtension.USER, CicServerExtension.PASSWORD);
        c.start();
        c.whenConnected().get(10, TimeUnit.SECONDS);
        return c;
    }

    MusicPlayer player() {
        output.durationMs = 60_000; // long enough to act while the first song plays
        output.stepSleepMs = 20;
        MusicPlayer p = new MusicPlayer(output);
        open.add(p);
        return p;
    }

    static List<ReceivedDirective> say(CicClient client, String text) throws Exception {
        EventResponse response = client.recognizeText(text).get(10, TimeUnit.SECONDS);
        response.processed().get(10, TimeUnit.SECONDS);
        return response.directives();
    }

    static List<String> names(List<ReceivedDirective> ds) {
        return ds.stream().map(ReceivedDirective::name).toList();
    }

    @Test
    void theScreenGetsThePlayerAndLikesAndTheMusicPlayerTakesRepeatReplayAndClearQueue() throws Exception {
        MusicPlayer player = player();
        Screen screen = new Screen();
        CicClient speaker = client("speaker-" + UUID.randomUUID(), b -> player.register(b).agent(screen)
                .contextProvider(new DisplayContext(new ContextObjects.Display("m100", "landscape", 160, null))));

        say(speaker, "play duke sine");
        TemplateRuntime.RenderPlayerInfo info = screen.next();
        assertThat(info.playableItems()).extracting(TemplateRuntime.PlayableItem::titleText)
                .containsExactly("Morning Tone", "Noon Tone", "Evening Tone");
        await().atMost(Duration.ofSeconds(15)).until(() ->
                player.playbackState().state().playerActivity() == PlayerActivity.PLAYING);

        String second = info.playableItems().get(1).token();
        assertThat(screen.like(second).get(10, TimeUnit.SECONDS).httpStatus()).isEqualTo(200);
        assertThat(screen.next().playableItems()).extracting(i -> i.controls().get(0).selected())
                .containsExactly(false, true, false);
        assertThat(screen.unlike(second).get(10, TimeUnit.SECONDS).httpStatus()).isEqualTo(200);
        assertThat(screen.next().playableItems()).extracting(i -> i.controls().get(0).selected()).containsOnly(false);
        assertThat(screen.requestPlayerInfo(second, 0, 0).get(10, TimeUnit.SECONDS).httpStatus()).isEqualTo(200);
        assertThat(screen.next().displayType()).isEqualTo("single");

        // the SDK's player reports repeatMode: it gets the 2018 SetRepeatMode
        assertThat(names(say(speaker, "repeat this song"))).contains("SetRepeatMode");
        await().atMost(Duration.ofSeconds(10)).until(() -> player.playbackState().repeatMode().equals("REPEAT_ONE"));
        assertThat(names(say(speaker, "stop repeating"))).contains("SetRepeatMode");
        await().atMost(Duration.ofSeconds(10)).until(() -> player.playbackState().repeatMode().equals("NONE"));

        assertThat(names(say(speaker, "play it again"))).contains("Replay", "ExpectRequestPlayerInfo");
        // ExpectRequestPlayerInfo: the screen asked for the list around the song playing
        assertThat(screen.next().playableItems().get(0).titleText()).isEqualTo("Morning Tone");
        assertThat(names(say(speaker, "clear the queue"))).contains("ClearQueue");
        screen.next();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(names(say(speaker, "next"))).doesNotContain("Next"));
        assertThat(player.playbackState().state().playerActivity()).isEqualTo(PlayerActivity.PLAYING);
    }

    @Test
    void anAppFollowsAndControlsTheSpeakersPlayer() throws Exception {
        MusicPlayer player = player();
        String speakerId = "speaker-" + UUID.randomUUID();
        CicClient speaker = client(speakerId, player::register);
        App app = new App();
        PlaybackControllerAgent remote = new PlaybackControllerAgent();
        client("app-" + UUID.randomUUID(), b -> b.agent(app).agent(remote));

        say(speaker, "play duke sine");
        await().atMost(Duration.ofSeconds(15)).until(() ->
                player.playbackState().state().playerActivity() == PlayerActivity.PLAYING);

        assertThat(app.requestPlaybackState(speakerId).get(10, TimeUnit.SECONDS).httpStatus()).isEqualTo(200);
        AudioPlayer.SynchronizePlaybackState now = app.next();
        assertThat(now.deviceId()).isEqualTo(speakerId);
        assertThat(now.playbackState().playerActivity()).isEqualTo(PlayerActivity.PLAYING);
        // the speaker's player answered ExpectReportPlaybackState by itself
        AudioPlayer.SynchronizePlaybackState fresh = app.next();
        assertThat(fresh.deviceId()).isEqualTo(speakerId);
        assertThat(fresh.playbackState().token()).isEqualTo(now.playbackState().token());

        assertThat(remote.repeatModeIssued("REPEAT_ONE", speakerId).get(10, TimeUnit.SECONDS).httpStatus())
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> player.playbackState().repeatMode().equals("REPEAT_ONE"));
        assertThat(remote.commandIssued("Pause", speakerId).get(10, TimeUnit.SECONDS).httpStatus()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                player.playbackState().state().playerActivity() == PlayerActivity.PAUSED);
        assertThat(remote.customCommandIssued("CUSTOM_BUTTON_2").get(10, TimeUnit.SECONDS).httpStatus())
                .isEqualTo(204);
    }

    /** A device playing from its own player (a stream the server never gave it). */
    static final class OwnPlayer extends PlaybackControllerAgent {
        final BlockingQueue<String> asked = new LinkedBlockingQueue<>();
        final BlockingQueue<Integer> answered = new LinkedBlockingQueue<>();

        @Override
        protected void onExpectNextCommand(ReceivedDirective directive, AgentHost host) {
            asked.add(directive.name());
            // skips on its own player, then reports the button as the reference asks
            commandIssued("Next", null).thenAccept(r -> answered.add(r.httpStatus()));
        }
    }

    @Test
    void expectCommandMakesTheDeviceSendTheCommandItself() throws Exception {
        OwnPlayer own = new OwnPlayer();
        CicClient device = client("radio-" + UUID.randomUUID(), b -> b.agent(own).contextProvider(() -> Optional.of(
                new ContextState("AudioPlayer", "PlaybackState", new AudioPlayer.PlaybackState(PlayerActivity.PLAYING,
                        "NONE", "fm-radio", 1000L, null,
                        new AudioPlayer.AudioStreamInfo("fm-radio", "clova:fm-radio", false, null, null, null))))));
        assertThat(names(say(device, "next"))).contains("ExpectNextCommand");
        assertThat(own.asked.poll(10, TimeUnit.SECONDS)).isEqualTo("ExpectNextCommand");
        assertThat(own.answered.poll(10, TimeUnit.SECONDS)).isEqualTo(204);
    }
}
