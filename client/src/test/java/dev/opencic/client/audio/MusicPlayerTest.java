package dev.opencic.client.audio;

import static dev.opencic.client.audio.MusicScript.play;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.CicClient;
import dev.opencic.client.FileTokenStore;
import dev.opencic.client.audio.MusicScript.Report;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.server.testing.CicServerExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK's music player against a real server over HTTP/2: the test's TextRecognizer handler
 * answers with {@code AudioPlayer.Play} and {@code PlaybackController} directives pointing at a
 * real media server; the events the device sends back are recorded server-side.
 */
class MusicPlayerTest {

    static final MusicScript script = new MusicScript();
    static final MediaServer media = new MediaServer();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> {}, script.handlers());

    final VirtualOutput output = new VirtualOutput();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final List<String> volumes = new CopyOnWriteArrayList<>();
    MusicPlayer player;
    CicClient client;

    @BeforeEach
    void start() throws Exception {
        script.reset();
        media.requests.clear();
        for (String name : List.of("a.mp3", "b.mp3", "c.mp3")) {
            byte[] bytes = new byte[10_000 + name.charAt(0)];
            java.util.Arrays.fill(bytes, (byte) name.charAt(0));
            media.put(name, bytes);
        }
        player = new MusicPlayer(output, new MusicListener() {
            @Override
            public void onPlaybackFailed(dev.opencic.protocol.payload.AudioPlayer.AudioItem audioItem, Throwable cause) {
                failures.add(audioItem.stream().token() + ": " + cause.getMessage());
            }

            @Override
            public void onVolumeChanged(int volume, boolean muted) {
                volumes.add(volume + (muted ? " muted" : ""));
            }
        }, 5, Duration.ofSeconds(5));
        CicClient.Builder b = CicClient.builder()
                .serverUrl(cic.baseUri())
                .clientCredentials(cic.clientId(), cic.clientSecret())
                .deviceId("speaker-" + UUID.randomUUID())
                .tokenStore(new FileTokenStore(Files.createTempDirectory("music-test").resolve("tokens.json")));
        client = player.register(b).build();
        client.login(CicServerExtension.USER, CicServerExtension.PASSWORD);
        client.start();
        client.whenConnected().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        player.close();
        client.close();
    }

    @AfterAll
    static void closeMedia() {
        media.close();
    }

    private void say(String text) throws Exception {
        client.recognizeText(text).get(10, TimeUnit.SECONDS).processed().get(10, TimeUnit.SECONDS);
    }

    /** Until the item playing has played some audio (its position moved). */
    private void awaitPlayed() {
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Long offset = player.playbackState().state().offsetInMilliseconds();
            return offset != null && offset > 0;
        });
    }

    private void awaitReports(String... names) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(script.names()).containsSubsequence(names));
    }

    private static List<Directive> list(Directive... d) {
        return List.of(d);
    }

    @Test
    void playsTheQueueInOrderAndReportsEachItemWithItsToken() throws Exception {
        script.answers.put("play three", id -> list(
                play(id, "REPLACE_ALL", "t1", media.url("a.mp3"), 2000, null, null, null),
                play(id, "ENQUEUE", "t2", media.url("b.mp3"), 1000, null, null, null),
                play(id, "ENQUEUE", "t3", media.url("c.mp3"), 500, null, null, null)));
        say("play three");

        await().atMost(Duration.ofSeconds(15)).until(() -> script.names().size() >= 6);
        assertThat(script.reports).extracting(Report::name, Report::token).containsExactly(
                org.assertj.core.groups.Tuple.tuple("PlayStarted", "t1"),
                org.assertj.core.groups.Tuple.tuple("PlayFinished", "t1"),
                org.assertj.core.groups.Tuple.tuple("PlayStarted", "t2"),
                org.assertj.core.groups.Tuple.tuple("PlayFinished", "t2"),
                org.assertj.core.groups.Tuple.tuple("PlayStarted", "t3"),
                org.assertj.core.groups.Tuple.tuple("PlayFinished", "t3"));
        // each report's payload names the item and where it was (AudioPlayer.md), as its context does
        assertThat(script.reports).allSatisfy(r -> {
            assertThat(r.payload().path("token").asText()).isEqualTo(r.token());
            assertThat(r.payload().path("offsetInMilliseconds").asLong()).isEqualTo(r.offset());
        });
        Report started = script.reports.get(0);
        assertThat(started.activity()).isEqualTo("PLAYING");
        assertThat(started.offset()).isZero();
        JsonAssert.stream(started).isEqualTo(media.url("a.mp3"));
        assertThat(script.reports.get(1).offset()).isEqualTo(2000);
        assertThat(script.reports.get(1).contextPayload("AudioPlayer", "PlaybackState").path("totalInMilliseconds").asLong())
                .isEqualTo(2000);
        assertThat(output.bytesRead).containsEntry("t1", 10_000 + 'a').containsEntry("t2", 10_000 + 'b')
                .containsEntry("t3", 10_000 + 'c');
        assertThat(player.playbackState().context().map(dev.opencic.client.internal.ContextJson::toJson).orElseThrow().payload().path("playerActivity").asText())
                .isEqualTo("STOPPED");
    }

    @Test
    void progressReportsFollowTheItemsProgressReport() throws Exception {
        output.durationMs = 3000;
        script.answers.put("play", id -> list(
                play(id, "REPLACE_ALL", "p1", media.url("a.mp3"), 3000, 1000L, 1000L, 2500L)));
        say("play");

        awaitReports("PlayFinished");
        List<String> names = script.names();
        assertThat(names.get(0)).isEqualTo("PlayStarted");
        assertThat(names.get(names.size() - 1)).isEqualTo("PlayFinished");
        assertThat(names).filteredOn("ProgressReportDelayPassed"::equals).hasSize(1);
        assertThat(names).filteredOn("ProgressReportPositionPassed"::equals).hasSize(1);
        assertThat(names).filteredOn("ProgressReportIntervalPassed"::equals).hasSize(3); // 1 s, 2 s, 3 s
        Report delay = script.reports.stream().filter(r -> r.name().equals("ProgressReportDelayPassed")).findFirst().orElseThrow();
        assertThat(delay.offset()).isEqualTo(1000);
        Report position = script.reports.stream().filter(r -> r.name().equals("ProgressReportPositionPassed")).findFirst().orElseThrow();
        assertThat(position.offset()).isEqualTo(2500);
        assertThat(script.reports.stream().filter(r -> r.name().equals("ProgressReportIntervalPassed")).map(Report::offset))
                .containsExactly(1000L, 2000L, 3000L);
    }

    @Test
    void anItemWithoutUrlIsRequestedAndPlayedFromTheDeliveredUrl() throws Exception {
        script.deliverUrls.put("lazy", media.url("b.mp3"));
        script.answers.put("play", id -> list(
                play(id, "REPLACE_ALL", "first", media.url("a.mp3"), 300, null, null, null),
                play(id, "ENQUEUE", "lazy", null, 300, null, null, null)));
        say("play");

        awaitReports("PlayFinished", "StreamRequested", "PlayStarted", "PlayFinished");
        Report requested = script.reports.stream().filter(r -> r.name().equals("StreamRequested")).findFirst().orElseThrow();
        assertThat(requested.payload().path("audioItemId").asText()).isEqualTo("item-lazy");
        assertThat(requested.payload().path("audioStream").path("url").asText()).isEqualTo("clova:lazy");
        assertThat(script.reports).extracting(Report::name, Report::token).endsWith(
                org.assertj.core.groups.Tuple.tuple("PlayStarted", "lazy"),
                org.assertj.core.groups.Tuple.tuple("PlayFinished", "lazy"));
        assertThat(output.bytesRead).containsEntry("lazy", 10_000 + 'b');
        // the context keeps the Play's stream as received, not the delivered one
        Report lazyStarted = script.reports.get(script.reports.size() - 2);
        JsonAssert.stream(lazyStarted).isEqualTo("clova:lazy");
    }

    @Test
    void pauseResumeNextAndPreviousFromPlaybackControllerDirectives() throws Exception {
        output.durationMs = 600_000; // long songs: they only end when told to
        script.answers.put("play", id -> list(
                play(id, "REPLACE_ALL", "s1", media.url("a.mp3"), 600_000, null, null, null),
                play(id, "ENQUEUE", "s2", media.url("b.mp3"), 600_000, null, null, null)));
        for (String c : List.of("Pause", "Resume", "Next", "Previous", "Stop")) {
            script.answers.put(c.toLowerCase(), id -> list(Directive.of("PlaybackController", c, id)));
        }
        say("play");
        awaitReports("PlayStarted");
        awaitPlayed();

        say("pause");
        awaitReports("PlayStarted", "PlayPaused");
        Report paused = script.reports.get(script.reports.size() - 1);
        assertThat(paused.token()).isEqualTo("s1");
        assertThat(paused.activity()).isEqualTo("PAUSED");
        long pausedAt = paused.offset();
        assertThat(pausedAt).isPositive();
        assertThat(paused.payload().path("offsetInMilliseconds").asLong()).isEqualTo(pausedAt);
        await().atMost(Duration.ofSeconds(5)).until(() -> output.heldWhilePaused);
        assertThat(player.playbackState().context().map(dev.opencic.client.internal.ContextJson::toJson).orElseThrow().payload().path("offsetInMilliseconds").asLong())
                .isEqualTo(pausedAt); // paused: the position holds

        say("resume");
        awaitReports("PlayPaused", "PlayResumed");
        say("next");
        awaitReports("PlayResumed", "PlayStopped", "PlayStarted");
        assertThat(script.reports).extracting(Report::name, Report::token).endsWith(
                org.assertj.core.groups.Tuple.tuple("PlayStopped", "s1"),
                org.assertj.core.groups.Tuple.tuple("PlayStarted", "s2"));

        say("previous");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(script.reports)
                .extracting(Report::name, Report::token).endsWith(
                        org.assertj.core.groups.Tuple.tuple("PlayStopped", "s2"),
                        org.assertj.core.groups.Tuple.tuple("PlayStarted", "s1")));
        assertThat(script.reports.get(script.reports.size() - 1).offset()).isZero();

        say("stop");
        awaitReports("PlayStopped");
        Report stopped = script.reports.get(script.reports.size() - 1);
        assertThat(stopped.name()).isEqualTo("PlayStopped");
        assertThat(stopped.activity()).isEqualTo("STOPPED");
    }

    @Test
    void musicGoesOnWhileAnotherDialogHappens() throws Exception {
        output.durationMs = 3_000;
        output.stepSleepMs = 100; // real time: the song outlasts the dialogs
        script.answers.put("play", id -> list(play(id, "REPLACE_ALL", "m", media.url("a.mp3"), 3_000, null, null, null)));
        say("play");
        awaitReports("PlayStarted");
        say("what time is it");
        say("tell me a joke");

        awaitReports("PlayStarted", "PlayFinished");
        assertThat(script.names()).containsExactly("PlayStarted", "PlayFinished");
        // the dialog's events carried the player's state
        var state = script.recognized.get(1).event().context("AudioPlayer", "PlaybackState").orElseThrow().payload();
        assertThat(state.path("playerActivity").asText()).isEqualTo("PLAYING");
        assertThat(state.path("stream").path("token").asText()).isEqualTo("m");
    }

    @Test
    void volumeDirectivesChangeTheVolumeStateContextAndTheGain() throws Exception {
        for (String c : List.of("VolumeUp", "VolumeDown", "Mute", "Unmute")) {
            script.answers.put(c, id -> list(Directive.of("PlaybackController", c, id)));
        }
        say("VolumeUp");
        say("VolumeUp");
        say("Mute");
        say("status");
        var volume = script.recognized.get(3).event().context("Speaker", "VolumeState").orElseThrow().payload();
        assertThat(volume.path("volume").asInt()).isEqualTo(7);
        assertThat(volume.path("muted").asBoolean()).isTrue();

        for (int i = 0; i < 12; i++) {
            say("VolumeDown");
        }
        say("Unmute");
        assertThat(player.volumeState().volume()).isZero(); // clamped at 0
        assertThat(player.volumeState().muted()).isFalse();
        assertThat(volumes).startsWith("6", "7", "7 muted");

        script.answers.put("play", id -> list(play(id, "REPLACE_ALL", "v", media.url("a.mp3"), 300, null, null, null)));
        say("VolumeUp");
        say("play");
        awaitReports("PlayFinished");
        assertThat(output.gains).isNotEmpty().allSatisfy(g -> assertThat(g).isEqualTo(0.1f));
    }

    @Test
    void aBadStreamUrlIsSkippedAndTheDeviceGoesOn() throws Exception {
        script.answers.put("play", id -> list(
                play(id, "REPLACE_ALL", "missing", media.url("nothing-here.mp3"), 300, null, null, null),
                play(id, "ENQUEUE", "good", media.url("a.mp3"), 300, null, null, null)));
        script.answers.put("play bad", id -> list(
                play(id, "REPLACE_ALL", "refused", "http://127.0.0.1:1/nothing.mp3", 300, null, null, null)));
        say("play");
        awaitReports("PlayStarted", "PlayFinished");
        // The 404 may come back before the ENQUEUE is handled: "missing" was then the only item, and the
        // player stopped (PlayStopped) before "good" came. Either order is right; "missing" never starts.
        assertThat(script.reports).extracting(Report::name, Report::token)
                .filteredOn(t -> !t.equals(org.assertj.core.groups.Tuple.tuple("PlayStopped", "missing")))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("PlayStarted", "good"),
                        org.assertj.core.groups.Tuple.tuple("PlayFinished", "good"));
        assertThat(failures).singleElement().asString().startsWith("missing: ").contains("404");

        script.reports.clear();
        say("play bad");
        awaitReports("PlayStopped");
        assertThat(script.reports).extracting(Report::name, Report::token)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PlayStopped", "refused"));
        assertThat(failures).hasSize(2);

        script.reports.clear();
        say("play");
        awaitReports("PlayStarted", "PlayFinished"); // still working
    }

    @Test
    void aStreamDeliverThatNeverComesFailsTheItemOnly() throws Exception {
        player.close();
        client.close();
        player = new MusicPlayer(output, new MusicListener() {
            @Override
            public void onPlaybackFailed(dev.opencic.protocol.payload.AudioPlayer.AudioItem audioItem, Throwable cause) {
                failures.add(cause.getMessage());
            }
        }, 5, Duration.ofMillis(500));
        client = player.register(CicClient.builder().serverUrl(cic.baseUri())
                .clientCredentials(cic.clientId(), cic.clientSecret()).deviceId("speaker-" + UUID.randomUUID())
                .tokenStore(new FileTokenStore(Files.createTempDirectory("music-test").resolve("tokens.json")))).build();
        client.login(CicServerExtension.USER, CicServerExtension.PASSWORD);
        client.start();
        script.answers.put("play", id -> list(play(id, "REPLACE_ALL", "unknown", null, 300, null, null, null)));
        say("play");
        awaitReports("StreamRequested", "PlayStopped");
        assertThat(failures).singleElement().asString().contains("no StreamDeliver");
    }

    @Test
    void queueBehavioursEnqueueReplaceEnqueuedAndReplaceAll() throws Exception {
        output.durationMs = 400;
        script.answers.put("queue", id -> list(
                play(id, "REPLACE_ALL", "q1", media.url("a.mp3"), 400, null, null, null),
                play(id, "ENQUEUE", "q2", media.url("b.mp3"), 400, null, null, null),
                play(id, "REPLACE_ENQUEUED", "q3", media.url("c.mp3"), 400, null, null, null),
                play(id, "ENQUEUE", "q3", media.url("c.mp3"), 400, null, null, null))); // duplicate item id: ignored
        say("queue");
        awaitReports("PlayFinished", "PlayStarted", "PlayFinished");
        // all four Plays were handled before say() returned, and with nothing playing or queued
        // after q3 no report can follow: the duplicate ENQUEUE was not queued
        assertThat(player.isPlayingOrQueued()).isFalse();
        assertThat(script.reports).extracting(Report::name, Report::token).containsExactly(
                org.assertj.core.groups.Tuple.tuple("PlayStarted", "q1"),
                org.assertj.core.groups.Tuple.tuple("PlayFinished", "q1"),
                org.assertj.core.groups.Tuple.tuple("PlayStarted", "q3"),
                org.assertj.core.groups.Tuple.tuple("PlayFinished", "q3"));

        // after the queue ended, ENQUEUE plays at once
        script.reports.clear();
        script.answers.put("more", id -> list(play(id, "ENQUEUE", "q4", media.url("a.mp3"), 400, null, null, null)));
        say("more");
        awaitReports("PlayStarted", "PlayFinished");
    }

    @Test
    void repeatModeReplaysTheItemAndExpectDirectivesAreAnswered() throws Exception {
        output.durationMs = 300;
        script.answers.put("repeat", id -> list(Directive.of("PlaybackController", "TurnOnRepeatMode", id)));
        script.answers.put("no repeat", id -> list(Directive.of("PlaybackController", "TurnOffRepeatMode", id)));
        script.answers.put("play", id -> list(play(id, "REPLACE_ALL", "r", media.url("a.mp3"), 300, null, null, null)));
        script.answers.put("report", id -> list(Directive.of("AudioPlayer", "ExpectReportPlaybackState", id),
                Directive.of("PlaybackController", "ExpectNextCommand", id)));
        say("repeat");
        say("play");
        awaitReports("PlayStarted", "PlayFinished", "PlayStarted", "PlayFinished", "PlayStarted");
        assertThat(script.reports.get(0).contextPayload("AudioPlayer", "PlaybackState").path("repeatMode").asText())
                .isEqualTo("REPEAT_ONE");
        say("no repeat");
        say("report");
        awaitReports("ReportPlaybackState", "NextCommandIssued");
        Report report = script.reports.stream().filter(r -> r.name().equals("ReportPlaybackState")).findFirst().orElseThrow();
        assertThat(report.payload().path("token").asText()).isEqualTo("r");
        assertThat(report.payload().path("repeatMode").asText()).isEqualTo("NONE");
        // repeat is off: the item ends for good
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "STOPPED".equals(player.playbackState().context().map(dev.opencic.client.internal.ContextJson::toJson).orElseThrow().payload().path("playerActivity").asText()));
    }

    @Test
    void aMalformedPlayIsReportedAsFailedAndTheNextDirectiveStillWorks() throws Exception {
        List<String> failed = new CopyOnWriteArrayList<>();
        player.close();
        client.close();
        player = new MusicPlayer(output);
        client = player.register(CicClient.builder().serverUrl(cic.baseUri())
                .clientCredentials(cic.clientId(), cic.clientSecret()).deviceId("speaker-" + UUID.randomUUID())
                .tokenStore(new FileTokenStore(Files.createTempDirectory("music-test").resolve("tokens.json")))
                .directiveListener(new dev.opencic.client.DirectiveListener() {
                    @Override
                    public void onDirectiveFailed(dev.opencic.client.ReceivedDirective d, Throwable cause) {
                        failed.add(cause.getMessage());
                    }
                })).build();
        client.login(CicServerExtension.USER, CicServerExtension.PASSWORD);
        client.start();
        script.answers.put("bad", id -> {
            Directive noItem = Directive.of("AudioPlayer", "Play", id);
            Directive badBehavior = play(id, "SHUFFLE", "x", media.url("a.mp3"), 300, null, null, null);
            return list(noItem, badBehavior);
        });
        script.answers.put("bad behaviour", id -> list(play(id, "SHUFFLE", "x", media.url("a.mp3"), 300, null, null, null)));
        script.answers.put("play", id -> list(play(id, "REPLACE_ALL", "ok", media.url("a.mp3"), 300, null, null, null)));
        say("bad");
        say("bad behaviour");
        await().atMost(Duration.ofSeconds(5)).until(() -> failed.size() == 2);
        assertThat(failed.get(0)).contains("audioItem.stream.token");
        assertThat(failed.get(1)).contains("SHUFFLE");
        say("play");
        awaitReports("PlayStarted", "PlayFinished");
    }

    @Test
    void replaceAllStopsThePlayingItemAndClearQueueEmptiesTheQueue() throws Exception {
        output.durationMs = 600_000;
        script.answers.put("first", id -> list(
                play(id, "REPLACE_ALL", "f1", media.url("a.mp3"), 600_000, null, null, null),
                play(id, "ENQUEUE", "f2", media.url("b.mp3"), 600_000, null, null, null)));
        script.answers.put("second", id -> list(
                play(id, "REPLACE_ALL", "s1", media.url("c.mp3"), 600_000, null, null, null),
                play(id, "ENQUEUE", "s2", media.url("b.mp3"), 600_000, null, null, null)));
        script.answers.put("clear enqueued", id -> {
            return list(Directive.of("AudioPlayer", "ClearQueue", id,
                    new AudioPlayer.ClearQueue(AudioPlayer.ClearBehavior.CLEAR_ENQUEUED)));
        });
        script.answers.put("clear all", id -> {
            return list(Directive.of("AudioPlayer", "ClearQueue", id,
                    new AudioPlayer.ClearQueue(AudioPlayer.ClearBehavior.CLEAR_ALL)));
        });
        script.answers.put("next", id -> list(Directive.of("PlaybackController", "Next", id)));
        say("first");
        awaitReports("PlayStarted");
        say("second");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(script.reports)
                .extracting(Report::name, Report::token).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("PlayStarted", "f1"),
                        org.assertj.core.groups.Tuple.tuple("PlayStopped", "f1"),
                        org.assertj.core.groups.Tuple.tuple("PlayStarted", "s1")));

        say("clear enqueued");
        say("next"); // s2 was dropped: nothing to skip to, s1 goes on
        player.reportsSent().get(5, TimeUnit.SECONDS); // a skip would have reported PlayStopped by now
        assertThat(script.reports).hasSize(3);
        assertThat(player.playbackState().context().map(dev.opencic.client.internal.ContextJson::toJson).orElseThrow().payload().path("stream").path("token").asText())
                .isEqualTo("s1");

        say("clear all");
        awaitReports("PlayStopped");
        assertThat(script.reports.get(3)).extracting(Report::name, Report::token).containsExactly("PlayStopped", "s1");
        assertThat(player.playbackState().context().map(dev.opencic.client.internal.ContextJson::toJson).orElseThrow().payload().path("playerActivity").asText())
                .isEqualTo("IDLE");
    }

    @Test
    void resumeAfterStopPlaysOnFromWhereItStopped() throws Exception {
        output.durationMs = 600_000;
        script.answers.put("play", id -> list(play(id, "REPLACE_ALL", "x", media.url("a.mp3"), 600_000, null, null, null)));
        script.answers.put("stop", id -> list(Directive.of("PlaybackController", "Stop", id)));
        script.answers.put("resume", id -> list(Directive.of("PlaybackController", "Resume", id)));
        say("play");
        awaitReports("PlayStarted");
        awaitPlayed();
        say("stop");
        awaitReports("PlayStopped");
        long stoppedAt = script.reports.get(1).offset();
        assertThat(stoppedAt).isPositive();

        say("resume");
        awaitReports("PlayStopped", "PlayResumed");
        Report resumed = script.reports.get(2);
        assertThat(resumed.token()).isEqualTo("x");
        assertThat(resumed.offset()).isEqualTo(stoppedAt);
        assertThat(media.requests).filteredOn(r -> r.startsWith("a.mp3")).hasSize(2); // fetched again
    }

    @Test
    void theDevicesButtonsSendCommandIssuedEventsAndTheServersAnswerIsCarriedOut() throws Exception {
        output.durationMs = 600_000;
        script.answers.put("play", id -> list(
                play(id, "REPLACE_ALL", "b1", media.url("a.mp3"), 600_000, null, null, null),
                play(id, "ENQUEUE", "b2", media.url("b.mp3"), 600_000, null, null, null)));
        say("play");
        awaitReports("PlayStarted");

        player.press(MusicPlayer.Button.PAUSE);
        player.press(MusicPlayer.Button.NEXT);
        awaitReports("PlayStarted", "PauseCommandIssued", "NextCommandIssued");
        Report next = script.reports.stream().filter(r -> r.name().equals("NextCommandIssued")).findFirst().orElseThrow();
        assertThat(next.token()).isEqualTo("b1");
        assertThat(next.activity()).isEqualTo("PLAYING"); // the test server does not answer: nothing changed
        assertThat(next.contextPayload("Speaker", "VolumeState").path("volume").asInt()).isEqualTo(5);
    }

    /** Small assertions on a report's PlaybackState stream. */
    static final class JsonAssert {
        static org.assertj.core.api.AbstractStringAssert<?> stream(Report r) {
            return assertThat(r.contextPayload("AudioPlayer", "PlaybackState").path("stream").path("url").asText());
        }
    }
}
