package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.Directive;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.CountingAudioHandler;
import dev.opencic.server.api.CicException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ask} streams a WAV file to the server as it would stream a microphone. The recogniser is
 * replaced by a handler that counts the audio as it arrives (and, when asked, pushes StopCapture on
 * the downchannel after one second of it), so streaming is tested without speech recognition.
 */
class AskStreamingTest {

    static final AtomicBoolean stopAfterOneSecond = new AtomicBoolean();
    /** KeepRecording after one second, StopCapture after two. */
    static final AtomicBoolean keepThenStop = new AtomicBoolean();
    static final AtomicBoolean kept = new AtomicBoolean();

    /**
     * Counts audio; after one second of it (when asked) pushes a partial and StopCapture, which
     * carries the last partial as {@code recognizedText}, as the server's recogniser does.
     */
    static final CountingAudioHandler counter = new CountingAudioHandler((request, requestBytes) -> {
        if (keepThenStop.get() && requestBytes >= 32000) {
            if (!kept.getAndSet(true)) {
                AskStreamingTest.cic.server().pusher().push(request.device(), Reply.of(Directive.of(
                        request.dialogRequestId(), new dev.opencic.protocol.payload.SpeechRecognizer.KeepRecording())));
            }
            if (requestBytes < 64000) {
                return false;
            }
            AskStreamingTest.cic.server().pusher().push(request.device(), Reply.of(Directive.of(
                    request.dialogRequestId(), new dev.opencic.protocol.payload.SpeechRecognizer.StopCapture("remind me to call"))));
            return true;
        }
        if (!stopAfterOneSecond.get() || requestBytes < 32000) {
            return false;
        }
        Directive partial = Directive.of(request.dialogRequestId(),
                new dev.opencic.protocol.payload.SpeechRecognizer.ShowRecognizedText("what time"));
        Directive stop = Directive.of(request.dialogRequestId(),
                new dev.opencic.protocol.payload.SpeechRecognizer.StopCapture("what time"));
        AskStreamingTest.cic.server().pusher().push(request.device(), Reply.of(partial, stop));
        return true;
    });

    /** A text recogniser that is down: every request gets 503 with a System.Exception. */
    static final class BrokenTextRecognizer implements NamespaceHandler {
        @Override
        public String namespace() {
            return "TextRecognizer";
        }

        @Override
        public Set<String> eventNames() {
            return Set.of("Recognize");
        }

        @Override
        public CompletableFuture<Reply> handle(EventRequest request) {
            throw CicException.unavailable("the language engine is down");
        }
    }

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> {},
            List.of(counter, new BrokenTextRecognizer()));

    @TempDir
    Path tmp;

    Path device;

    @BeforeEach
    void login() {
        counter.reset();
        stopAfterOneSecond.set(false);
        keepThenStop.set(false);
        kept.set(false);
        device = Cli.loggedInDevice(cic, tmp.resolve("device"));
    }

    @Test
    void aWavFileIsStreamedIn200msChunksInRealTime() {
        // 2 s of 44.1 kHz stereo: converted to 64000 bytes of 16 kHz mono
        Path wav = Wav.write(tmp.resolve("q.wav"), Wav.file(Wav.PCM, 44100, 2, 16,
                Wav.pcm(44100, 2, 16, 2.0, Wav.sine(300, 44100, 0.4))));

        Cli.Result r = Cli.run("", "--config-dir", device.toString(), "ask", wav.toString(), "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.directives("Clova.RenderText")).singleElement().satisfies(n ->
                assertThat(n.at("/directive/payload/text").asText()).isEqualTo("heard 64000 bytes"));
        assertThat(r.millis()).isGreaterThanOrEqualTo(1600);
        long spanMillis = (counter.arrivals.get(counter.arrivals.size() - 1) - counter.arrivals.get(0)) / 1_000_000;
        assertThat(spanMillis).as("first to last chunk at the server").isGreaterThanOrEqualTo(1400);
        assertThat(counter.chunkSizes.stream().mapToInt(Integer::intValue).max().orElseThrow()).isLessThanOrEqualTo(6400);
        assertThat(counter.arrivals).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void withFastTheSameFileGoesOutAtOnce() {
        Path wav = Wav.write(tmp.resolve("q.wav"), Wav.file(Wav.PCM, 16000, 1, 16,
                Wav.pcm(16000, 1, 16, 3.0, Wav.sine(300, 16000, 0.4))));

        Cli.Result r = Cli.run("", "--config-dir", device.toString(), "ask", wav.toString(), "--fast", "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.directives("Clova.RenderText")).singleElement().satisfies(n ->
                assertThat(n.at("/directive/payload/text").asText()).isEqualTo("heard 96000 bytes"));
        long spanMillis = (counter.arrivals.get(counter.arrivals.size() - 1) - counter.arrivals.get(0)) / 1_000_000;
        assertThat(spanMillis).isLessThan(1000);
        assertThat(r.millis()).as("less than the audio's 3 s").isLessThan(2900);
    }

    @Test
    void streamingStopsWhenStopCaptureArrivesOnTheDownchannel() {
        stopAfterOneSecond.set(true);
        Path wav = Wav.write(tmp.resolve("long.wav"), Wav.file(Wav.PCM, 16000, 1, 16,
                Wav.pcm(16000, 1, 16, 4.0, Wav.sine(300, 16000, 0.4))));

        Cli.Result r = Cli.run("", "--config-dir", device.toString(), "ask", wav.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).contains("Recognized: \"what time\"", "StopCapture (recognized: \"what time\")");
        assertThat(r.out()).contains("(stopped by StopCapture)");
        assertThat(counter.bytes.get()).as("1 s of 4 s, plus what was in flight").isBetween(32000L, 3 * 32000L);
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("RenderText: heard \\d+ bytes"));
    }

    @Test
    void keepRecordingIsPrintedAndStreamingGoesOnToStopCapture() {
        keepThenStop.set(true);
        Path wav = Wav.write(tmp.resolve("long.wav"), Wav.file(Wav.PCM, 16000, 1, 16,
                Wav.pcm(16000, 1, 16, 4.0, Wav.sine(300, 16000, 0.4))));

        Cli.Result r = Cli.run("", "--config-dir", device.toString(), "ask", wav.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        java.util.List<String> lines = java.util.List.of(r.out().split("\n"));
        assertThat(lines).contains("KeepRecording (still listening: go on)", "StopCapture (recognized: \"remind me to call\")");
        assertThat(lines.indexOf("KeepRecording (still listening: go on)"))
                .isLessThan(lines.indexOf("StopCapture (recognized: \"remind me to call\")"));
        assertThat(counter.bytes.get()).as("past the KeepRecording at 1 s, up to StopCapture at 2 s")
                .isBetween(64000L, 4 * 32000L - 1);
    }

    @Test
    void withJsonThePartialStopCaptureAndAnswerAreJsonLinesInThatOrder() {
        stopAfterOneSecond.set(true);
        Path wav = Wav.write(tmp.resolve("long.wav"), Wav.file(Wav.PCM, 16000, 1, 16,
                Wav.pcm(16000, 1, 16, 4.0, Wav.sine(300, 16000, 0.4))));

        Cli.Result r = Cli.run("", "--config-dir", device.toString(), "ask", wav.toString(), "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<JsonNode> partials = r.directives("SpeechRecognizer.ShowRecognizedText");
        List<JsonNode> stops = r.directives("SpeechRecognizer.StopCapture");
        List<JsonNode> answers = r.directives("Clova.RenderText");
        assertThat(partials).as(r.toString()).isNotEmpty().allSatisfy(n ->
                assertThat(n.at("/directive/payload/text").asText()).isEqualTo("what time"));
        assertThat(stops).as(r.toString()).singleElement().satisfies(n -> {
            assertThat(n.at("/directive/payload/recognizedText").asText()).isEqualTo("what time");
            assertThat(n.path("source").asText()).isEqualTo("downchannel");
        });
        assertThat(answers).as(r.toString()).singleElement().satisfies(n -> {
            assertThat(n.at("/directive/payload/text").asText()).matches("heard \\d+ bytes");
            assertThat(n.path("source").asText()).isEqualTo("response");
        });
        String dialog = stops.get(0).at("/directive/header/dialogRequestId").asText();
        assertThat(List.of(partials.get(0), answers.get(0))).allSatisfy(n ->
                assertThat(n.at("/directive/header/dialogRequestId").asText()).isEqualTo(dialog));

        // Order of the lines on stdout (each directive line is unique: its messageId).
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines.indexOf(partials.get(0))).as("first partial before StopCapture\n" + r)
                .isLessThan(lines.indexOf(stops.get(0)));
        assertThat(lines.indexOf(stops.get(0))).as("StopCapture before the answer\n" + r)
                .isLessThan(lines.indexOf(answers.get(0)));
    }

    @Test
    void aServerErrorIsOneLineOnStderrAndAJsonErrorLine() {
        Cli.Result r = Cli.run("", "--config-dir", device.toString(), "say", "what time is it", "--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("cic device: server error 503: the language engine is down\n");
        JsonNode error = r.jsonLines().get(0).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(503);
        assertThat(error.path("description").asText()).isEqualTo("the language engine is down");
    }

    @Test
    void anUnreadableFileIsRefusedBeforeConnecting() {
        Path bad = Wav.write(tmp.resolve("bad.wav"), "not audio".repeat(100).getBytes());

        Cli.Result r = Cli.run("", "--config-dir", device.toString(), "ask", bad.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("cic device: " + bad + ": not a WAV file").hasLineCount(1);
        assertThat(counter.arrivals).isEmpty();
    }
}
