package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.CicClient;
import dev.opencic.client.EventResponse;
import dev.opencic.client.FileTokenStore;
import dev.opencic.client.agent.SpeechSynthesizerAgent;
import dev.opencic.client.context.ContextObjects;
import dev.opencic.protocol.payload.SpeechSynthesizer.Speak;
import dev.opencic.server.speech.SpeechTokens;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.LineUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device speaks, over HTTP/2 against the real server: Speak audio decoded and played through a
 * line that consumes it at its real rate, SpeechStarted/SpeechFinished from that playback, a new
 * request while it speaks stops it (SpeechStopped), and SpeechState follows.
 */
class SpeakerOutputTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @TempDir
    Path tmp;

    /** A line that keeps what it is given and plays it at its real rate: write returns when it has been "heard". */
    static final class RealRateLine implements SpeakerOutput.Line {
        final ByteArrayOutputStream played = new ByteArrayOutputStream();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        final long bytesPerSecond;
        long t0 = -1;
        long written;

        RealRateLine(int sampleRate, int channels) {
            this.bytesPerSecond = (long) sampleRate * channels * 2;
        }

        @Override
        public void write(byte[] pcm, int off, int len) {
            if (t0 < 0) {
                t0 = System.nanoTime();
            }
            synchronized (played) {
                played.write(pcm, off, len);
            }
            started.countDown();
            written += len;
            long dueNanos = t0 + written * 1_000_000_000L / bytesPerSecond;
            try {
                stopped.await(Math.max(0, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void drain() {}

        @Override
        public void stop() {
            stopped.countDown();
        }

        @Override
        public void close() {}

        long seconds100() {
            synchronized (played) {
                return played.size() * 100 / bytesPerSecond;
            }
        }
    }

    final List<RealRateLine> lines = new CopyOnWriteArrayList<>();
    final List<String> warnings = new CopyOnWriteArrayList<>();

    CicClient client(SpeechSynthesizerAgent speech) throws Exception {
        CicClient client = CicClient.builder().serverUrl(cic.baseUri())
                .clientCredentials(cic.clientId(), cic.clientSecret())
                .deviceId("speaker-" + UUID.randomUUID())
                .tokenStore(new FileTokenStore(tmp.resolve("tokens-" + UUID.randomUUID() + ".json")))
                .agent(speech).contextProvider(speech.context())
                .build();
        client.login(CicServerExtension.USER, CicServerExtension.PASSWORD);
        client.start();
        client.whenConnected().get(10, TimeUnit.SECONDS);
        return client;
    }

    SpeakerOutput speaker() {
        return new SpeakerOutput((rate, channels) -> {
            RealRateLine l = new RealRateLine(rate, channels);
            lines.add(l);
            return l;
        }, warnings::add);
    }

    @Test
    void speechIsPlayedToItsEndBeforeSpeechFinishedIsSent() throws Exception {
        Engines.requireLame();
        SpeechSynthesizerAgent speech = new SpeechSynthesizerAgent(speaker());
        try (CicClient client = client(speech)) {
            EventResponse r = client.recognizeText("what time is it").get(20, TimeUnit.SECONDS);
            String token = r.directives().get(0).payload(Speak.class).token();
            r.processed().get(30, TimeUnit.SECONDS);
            speech.reportsSent().get(10, TimeUnit.SECONDS);

            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).seconds100()).as("hundredths of a second played").isGreaterThan(50);
            assertThat(lines.get(0).stopped.getCount()).isOne(); // played to its end, not stopped
            assertThat(cic.server().speechTokens().find(token).orElseThrow().reports())
                    .extracting(SpeechTokens.Report::state).containsExactly("SpeechStarted", "SpeechFinished");
            assertThat(speech.context().context().orElseThrow().payload())
                    .isEqualTo(new ContextObjects.SpeechState(token, ContextObjects.SpeechActivity.FINISHED));
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void aNewRequestWhileItSpeaksStopsTheSpeechAndReportsSpeechStopped() throws Exception {
        Engines.requireLame();
        SpeechSynthesizerAgent speech = new SpeechSynthesizerAgent(speaker());
        try (CicClient client = client(speech)) {
            EventResponse first = client.recognizeText("what time is it").get(20, TimeUnit.SECONDS);
            String token = first.directives().get(0).payload(Speak.class).token();
            await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
            lines.get(0).started.await(10, TimeUnit.SECONDS);
            assertThat(speech.context().context().orElseThrow().payload())
                    .isEqualTo(new ContextObjects.SpeechState(token, ContextObjects.SpeechActivity.PLAYING));

            // barge-in: the user asks something else while the answer is being spoken
            EventResponse second = client.recognizeText("hello").get(20, TimeUnit.SECONDS);
            second.processed().get(30, TimeUnit.SECONDS);
            speech.reportsSent().get(10, TimeUnit.SECONDS);

            assertThat(lines.get(0).stopped.getCount()).isZero();
            assertThat(cic.server().speechTokens().find(token).orElseThrow().reports())
                    .extracting(SpeechTokens.Report::state).containsExactly("SpeechStarted", "SpeechStopped");
        }
    }

    @Test
    void aRequestWhileTheCloudSpeaksByItselfStopsThatSpeechToo() throws Exception {
        Engines.requireLame();
        SpeechSynthesizerAgent speech = new SpeechSynthesizerAgent(speaker());
        try (CicClient client = client(speech)) {
            // real speech audio: the answer to a first request, played to its end
            EventResponse first = client.recognizeText("what time is it").get(20, TimeUnit.SECONDS);
            first.processed().get(30, TimeUnit.SECONDS);
            dev.opencic.client.ReceivedDirective spoken = first.directives().get(0);
            byte[] mp3 = spoken.attachment(spoken.payload(Speak.class).url()).orElseThrow().bytes();
            // the cloud speaks by itself, as a reminder does: no dialogRequestId
            dev.opencic.server.api.Reply pushed = dev.opencic.server.api.Reply.builder()
                    .directive(dev.opencic.protocol.Directive.of(new Speak("AUDIO_MPEG", "pushed-token", "cid:pushed-audio")))
                    .attachment("pushed-audio", sink -> sink.accept(mp3)).build();
            var identity = cic.server().auth().tokens().verify(client.tokens().orElseThrow().accessToken()).join()
                    .orElseThrow();
            assertThat(cic.server().pusher().push(identity, pushed).get(5, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() == 2);
            assertThat(lines.get(1).started.await(10, TimeUnit.SECONDS)).isTrue();

            client.recognizeText("hello").get(20, TimeUnit.SECONDS).processed().get(30, TimeUnit.SECONDS);

            // stopped before its end (the same clip played to its end the first time)
            assertThat(lines.get(1).stopped.getCount()).isZero();
            assertThat(lines.get(1).seconds100()).isLessThan(lines.get(0).seconds100());
        }
    }

    @Test
    void withoutAnAudioLineItSaysSoOnceAndReportsTheSpeechAsSpokenAtOnce() throws Exception {
        Engines.requireLame();
        SpeakerOutput noLine = new SpeakerOutput((rate, channels) -> {
            throw new LineUnavailableException("no sound card");
        }, warnings::add);
        SpeechSynthesizerAgent speech = new SpeechSynthesizerAgent(noLine);
        try (CicClient client = client(speech)) {
            for (int i = 0; i < 2; i++) {
                EventResponse r = client.recognizeText("what time is it").get(20, TimeUnit.SECONDS);
                r.processed().get(30, TimeUnit.SECONDS);
            }
            speech.reportsSent().get(10, TimeUnit.SECONDS);
        }
        assertThat(warnings).containsExactly("no audio output line (no sound card); speech is saved, not played");
    }
}
