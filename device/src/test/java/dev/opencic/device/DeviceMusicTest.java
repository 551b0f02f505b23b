package dev.opencic.device;

import static dev.opencic.client.audio.MusicScript.play;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.audio.MediaServer;
import dev.opencic.client.audio.MusicScript;
import dev.opencic.client.audio.MusicScript.Report;
import dev.opencic.protocol.Directive;
import dev.opencic.server.api.Reply;
import dev.opencic.server.speech.internal.LameMp3Encoder;
import dev.opencic.server.speech.internal.SpeechNatives;
import dev.opencic.server.testing.CicServerExtension;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference device plays music for real: {@code run} decodes MP3 (made with LAME at test
 * time) from a media server, paces it in real time without a sound card, saves it with {@code
 * --out}, and sends the events a speaker would; {@code say} prints the Play directives and saves
 * the first track.
 */
class DeviceMusicTest {

    static final MusicScript script = new MusicScript();
    static final MediaServer media = new MediaServer();
    static byte[] song;
    static byte[] shortSong;

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> {}, script.handlers());

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeSongs() {
        song = tone(2_500, 440);
        shortSong = tone(1_000, 660);
        media.put("song.mp3", song);
        media.put("short.mp3", shortSong);
        byte[] noise = new byte[40_000];
        new java.util.Random(7).nextBytes(noise);
        for (int i = 0; i < noise.length; i++) {
            if ((noise[i] & 0xff) == 0xff) {
                noise[i] = 0; // no frame sync anywhere: certainly not MP3
            }
        }
        media.put("noise.mp3", noise);
    }

    @AfterAll
    static void closeMedia() {
        media.close();
    }

    @BeforeEach
    void reset() {
        script.reset();
    }

    /** A mono 16 kHz sine of {@code millis} as 32 kbps MP3, encoded by libmp3lame. */
    static byte[] tone(int millis, int hz) {
        int rate = 16_000;
        short[] pcm = new short[rate * millis / 1000];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        var lame = SpeechNatives.lame();
        if (!lame.isLoaded()) {
            throw new AssertionError("libmp3lame is required: " + lame.failure());
        }
        try (LameMp3Encoder enc = LameMp3Encoder.open(lame.value(), rate, 32, 5)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(enc.encode(pcm, pcm.length));
            out.writeBytes(enc.flush());
            return out.toByteArray();
        }
    }

    private CompletableFuture<Cli.Result> run(Path config, Path out, String stdin, int seconds) {
        return CompletableFuture.supplyAsync(() -> Cli.run(stdin, "--config-dir", config.toString(), "--json",
                "--out", out.toString(), "run", "--no-sound", "--stdin", "--seconds", String.valueOf(seconds)));
    }

    private static Report last(String name) {
        return script.reports.stream().filter(r -> r.name().equals(name)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void runPlaysTheQueueInRealTimeSavesItAndReportsLikeASpeaker() throws Exception {
        Path config = Cli.loggedInDevice(cic, tmp.resolve("device"));
        Path out = tmp.resolve("out");
        script.deliverUrls.put("t2", media.url("short.mp3"));
        script.answers.put("play two", id -> List.of(
                play(id, "REPLACE_ALL", "t1", media.url("song.mp3"), 2_500, 500L, null, 2_000L),
                play(id, "ENQUEUE", "t2", null, 1_000, null, null, null)));

        var typing = new java.io.PipedOutputStream();
        var stdin = new java.io.PipedInputStream(typing);
        CompletableFuture<Cli.Result> result = CompletableFuture.supplyAsync(() -> Cli.run(new Cli.Capture(), stdin,
                "--config-dir", config.toString(), "--json", "--out", out.toString(), "run", "--no-sound", "--stdin",
                "--seconds", "9"));
        typing.write("play two\n".getBytes());
        typing.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> script.names().contains("PlayStarted"));
        typing.write("what time is it\n".getBytes()); // a dialog while the music plays
        typing.close();
        Cli.Result r = result.get();

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(script.names()).as(r.toString()).containsExactly("PlayStarted", "ProgressReportDelayPassed",
                "ProgressReportPositionPassed", "PlayFinished", "StreamRequested", "PlayStarted", "PlayFinished");
        Report finished = script.reports.get(3);
        assertThat(finished.token()).isEqualTo("t1");
        // the decoded length (LAME pads the last frame): the position advanced with the audio
        assertThat(finished.offset()).isBetween(2_400L, 2_700L);
        assertThat(script.reports.get(1).offset()).isBetween(500L, 700L);
        assertThat(script.reports.get(2).offset()).isBetween(2_000L, 2_200L);
        assertThat(last("PlayFinished").token()).isEqualTo("t2");
        assertThat(last("PlayFinished").offset()).isBetween(900L, 1_200L);
        // the dialog in between (no PlayStopped above) carried the player's state
        var state = script.recognized.get(1).event().context("AudioPlayer", "PlaybackState").orElseThrow().payload();
        assertThat(state.path("playerActivity").asText()).isEqualTo("PLAYING");
        assertThat(state.path("stream").path("token").asText()).isEqualTo("t1");
        assertThat(Files.readAllBytes(out.resolve("music-t1.mp3"))).isEqualTo(song);
        assertThat(Files.readAllBytes(out.resolve("music-t2.mp3"))).isEqualTo(shortSong);
        assertThat(r.jsonLines()).filteredOn(n -> n.has("playback")).extracting(n -> n.at("/playback/event").asText()
                + " " + n.at("/playback/token").asText()).containsSubsequence("PlayStarted t1", "PlayFinished t1",
                "PlayStarted t2", "PlayFinished t2");
        assertThat(r.directives("AudioPlayer.Play")).hasSize(2);
    }

    @Test
    void pauseHoldsThePositionAndResumeGoesOnFromIt() throws Exception {
        Path config = Cli.loggedInDevice(cic, tmp.resolve("device"));
        // a delay report at 600 ms: the device itself says when some of the song has played
        script.answers.put("play", id -> List.of(play(id, "REPLACE_ALL", "p", media.url("song.mp3"), 2_500, 600L, null, null)));
        CompletableFuture<Cli.Result> result = run(config, tmp.resolve("out"), "play\n", 10);

        await().atMost(Duration.ofSeconds(10)).until(() -> script.names().contains("ProgressReportDelayPassed"));
        cic.server().pusher().push(script.device, Reply.of(Directive.of("PlaybackController", "Pause", null)));
        await().atMost(Duration.ofSeconds(5)).until(() -> script.names().contains("PlayPaused"));
        long pausedAt = last("PlayPaused").offset();
        // asked while paused, the device reports the position it holds
        cic.server().pusher().push(script.device, Reply.of(Directive.of("AudioPlayer", "ExpectReportPlaybackState", null)));
        await().atMost(Duration.ofSeconds(5)).until(() -> script.names().contains("ReportPlaybackState"));
        assertThat(last("ReportPlaybackState").activity()).isEqualTo("PAUSED");
        assertThat(last("ReportPlaybackState").offset()).isEqualTo(pausedAt);
        cic.server().pusher().push(script.device, Reply.of(Directive.of("PlaybackController", "Resume", null)));
        await().atMost(Duration.ofSeconds(5)).until(() -> script.names().contains("PlayResumed"));
        Cli.Result r = result.get();

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(pausedAt).isBetween(600L, 2_400L); // the song had not ended when the Pause came
        assertThat(last("PlayResumed").offset()).isEqualTo(pausedAt);
        assertThat(script.names()).containsExactly("PlayStarted", "ProgressReportDelayPassed", "PlayPaused",
                "ReportPlaybackState", "PlayResumed", "PlayFinished");
        assertThat(last("PlayFinished").offset()).isBetween(2_400L, 2_700L); // nothing skipped, nothing repeated
    }

    @Test
    void buttonLinesOnStdinSendCommandIssuedEvents() throws Exception {
        Path config = Cli.loggedInDevice(cic, tmp.resolve("device"));

        Cli.Result r = run(config, tmp.resolve("out"), "/next\n/Pause\n/shuffle\n", 2).get();

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(script.names()).containsExactly("NextCommandIssued", "PauseCommandIssued");
        assertThat(r.err()).contains("unknown button /shuffle");
        assertThat(script.recognized).isEmpty(); // buttons are not text requests
    }

    @Test
    void runPlaysOggVorbisToo() throws Exception {
        byte[] ogg = VorbisDecoderTest.oggTone(1_500, 440);
        media.put("tone.ogg", ogg);
        Path config = Cli.loggedInDevice(cic, tmp.resolve("device"));
        Path out = tmp.resolve("out");
        script.answers.put("play ogg", id -> List.of(play(id, "REPLACE_ALL", "o", media.url("tone.ogg"), 1_500, null, null, null)));

        Cli.Result r = run(config, out, "play ogg\n", 5).get();

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(script.names()).as(r.toString()).containsExactly("PlayStarted", "PlayFinished");
        assertThat(last("PlayFinished").offset()).isBetween(1_400L, 1_600L);
        assertThat(Files.readAllBytes(out.resolve("music-o.ogg"))).isEqualTo(ogg);
    }

    @Test
    void aStreamThatIsNotMp3FailsTheItemWithAWarningAndTheDeviceGoesOn() throws Exception {
        Path config = Cli.loggedInDevice(cic, tmp.resolve("device"));
        script.answers.put("play noise", id -> List.of(
                play(id, "REPLACE_ALL", "noise", media.url("noise.mp3"), 2_000, null, null, null),
                play(id, "ENQUEUE", "gone", media.url("deleted.mp3"), 2_000, null, null, null)));
        script.answers.put("play song", id -> List.of(play(id, "REPLACE_ALL", "ok", media.url("short.mp3"), 1_000, null, null, null)));

        Cli.Result r = run(config, tmp.resolve("out"), "play noise\n", 3).get();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("cannot play \"Song noise\"").contains("not an MP3 stream")
                .contains("cannot play \"Song gone\"").contains("404");
        assertThat(r.err()).doesNotContain("Exception\n\tat ");
        assertThat(script.reports).extracting(Report::name, Report::token)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PlayStopped", "gone"));

        script.reports.clear();
        Cli.Result again = run(config, tmp.resolve("out"), "play song\n", 3).get();
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(script.names()).containsExactly("PlayStarted", "PlayFinished");
    }

    @Test
    void sayPrintsThePlayDirectivesAndSavesTheFirstTrack() throws Exception {
        Path config = Cli.loggedInDevice(cic, tmp.resolve("device"));
        Path out = tmp.resolve("out");
        script.answers.put("play some jazz", id -> List.of(
                play(id, "REPLACE_ALL", "j1", media.url("song.mp3"), 2_500, null, null, null),
                play(id, "ENQUEUE", "j2", media.url("short.mp3"), 1_000, null, null, null)));

        Cli.Result human = Cli.run("", "--config-dir", config.toString(), "--out", out.toString(), "say", "play some jazz");

        assertThat(human.exitCode()).as(human.toString()).isZero();
        assertThat(human.out()).contains("Play (REPLACE_ALL): \"Song j1\" by Tester [token j1]")
                .contains("Play (ENQUEUE): \"Song j2\" by Tester [token j2]")
                .contains("Saved the first track (" + song.length + " bytes)");
        assertThat(Files.readAllBytes(out.resolve("music-j1.mp3"))).isEqualTo(song);
        assertThat(out.resolve("music-j2.mp3")).doesNotExist();
        assertThat(script.reports).isEmpty(); // say does not play, so it reports nothing

        Cli.Result json = Cli.run("", "--config-dir", config.toString(), "--json", "say", "play some jazz");
        assertThat(json.directives("AudioPlayer.Play")).extracting(n -> n.at("/directive/payload/audioItem/stream/token").asText())
                .containsExactly("j1", "j2");
    }
}
