package dev.opencic.server.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.SpokenRequests;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code SpeechRecognizer.KeepRecording} over HTTP/2 with the real recogniser: a speaker who pauses
 * after "remind me to" is told to keep recording, and the words after the pause complete the
 * request; a request that ends whole gets no KeepRecording.
 */
class KeepRecordingTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1));

    static final int CHUNK = 6400; // 200 ms

    @BeforeAll
    static void engines() {
        Engines.requirePocketSphinxModel();
    }

    @Test
    void aPauseMidPhraseGetsKeepRecordingAndTheRestOfThePhraseCompletesTheRequest() throws Exception {
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        audio.write(new byte[32 * 500]);
        audio.write(SpokenRequests.pcm("slt", "remind me to"));
        audio.write(new byte[32 * 1500]); // the speaker thinks
        audio.write(SpokenRequests.pcm("slt", "call my mother"));
        audio.write(new byte[32 * 2500]);
        try (TestDevice device = cic.newDevice()) {
            StreamedParts down = device.connect();
            List<Directive> pushed = stream(device, "dialog-keep", audio.toByteArray(), down);
            List<String> names = pushed.stream().map(Directive::name).toList();
            assertThat(names).as(pushed.stream().map(d -> d.name() + d.payload()).toList().toString())
                    .contains("KeepRecording", "StopCapture");
            assertThat(names.indexOf("KeepRecording")).isLessThan(names.indexOf("StopCapture"));
            Directive keep = pushed.get(names.indexOf("KeepRecording"));
            assertThat(keep.dialogRequestId()).isEqualTo("dialog-keep");
            assertThat(keep.payload().size()).isZero();
            assertThat(pushed.get(names.indexOf("StopCapture")).payload().get("recognizedText").asText())
                    .startsWith("remind me to call");
        }
    }

    @Test
    void aWholeRequestEndsWithStopCaptureAlone() throws Exception {
        byte[] speech = SpokenRequests.speak("what time is it");
        try (TestDevice device = cic.newDevice()) {
            StreamedParts down = device.connect();
            List<Directive> pushed = stream(device, "dialog-whole", speech, down);
            assertThat(pushed).extracting(Directive::name).contains("StopCapture").doesNotContain("KeepRecording");
        }
    }

    /** Streams the audio, stopping at StopCapture as a device would; returns what the downchannel carried. */
    static List<Directive> stream(TestDevice device, String dialogRequestId, byte[] pcm, StreamedParts down)
            throws Exception {
        TestDevice.StreamingEvent event = device.startEvent(TestDevice.metadata("SpeechRecognizer", "Recognize",
                dialogRequestId, TestDevice.payload().put("lang", "en").put("profile", "CLOSE_TALK")
                        .put("format", "AUDIO_L16_RATE_16000_CHANNELS_1")));
        List<Directive> pushed = new ArrayList<>();
        for (int off = 0; off < pcm.length && !stopped(pushed); off += CHUNK) {
            event.writeAudio(Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + CHUNK)));
            drain(down, pushed, Duration.ZERO);
        }
        event.finish();
        event.response().rest();
        while (!stopped(pushed)) { // StopCapture is pushed before the answer, the last of the dialog's pushes
            assertThat(drain(down, pushed, Duration.ofSeconds(10))).as("StopCapture on the downchannel").isTrue();
        }
        return pushed;
    }

    private static boolean stopped(List<Directive> pushed) {
        return pushed.stream().anyMatch(d -> d.name().equals("StopCapture"));
    }

    /** Adds the SpeechRecognizer directives waiting (the first up to {@code wait}); false if none came. */
    private static boolean drain(StreamedParts down, List<Directive> pushed, Duration wait) throws Exception {
        boolean any = false;
        StreamedParts.Part p;
        while ((p = down.poll(any ? Duration.ZERO : wait)) != null) {
            any = true;
            if (p.isJson() && p.directive().namespace().equals("SpeechRecognizer")) {
                pushed.add(p.directive());
            }
        }
        return any;
    }
}
