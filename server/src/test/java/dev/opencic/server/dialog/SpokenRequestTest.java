package dev.opencic.server.dialog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.speech.asr.TestAudio;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spoken requests end to end over HTTP/2 with the real recogniser: speech synthesised by flite,
 * streamed in real-time 200 ms chunks like a microphone would produce it.
 */
class SpokenRequestTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1)
            .asrMaxWait(Duration.ofMillis(500)));

    @RegisterExtension
    static final CicServerExtension shortUtterances = new CicServerExtension(b -> b.asrPoolSize(1)
            .maxUtterance(Duration.ofMillis(1500)));


    static final int CHUNK = 6400; // 200 ms of 16 kHz 16-bit mono

    @Test
    void partialsAndStopCaptureArriveWhileTheDeviceIsStillSendingAndTheAnswerMatches() throws Exception {
        byte[] speech = withSilence(speak("what time is it"), 2500);
        try (TestDevice device = cic.newDevice()) {
            StreamedParts down = device.connect();
            TestDevice.StreamingEvent event = device.startEvent(recognize("dialog-voice"));
            long stopCaptureAt = 0;
            long partialAt = 0;
            int sent = 0;
            for (int off = 0; off < speech.length; off += CHUNK) {
                event.writeAudio(Arrays.copyOfRange(speech, off, Math.min(speech.length, off + CHUNK)));
                sent++;
                Thread.sleep(200);
                StreamedParts.Part p;
                while ((p = down.poll(Duration.ZERO)) != null) {
                    Directive d = p.directive();
                    assertThat(d.dialogRequestId()).isEqualTo("dialog-voice");
                    if (d.name().equals("ShowRecognizedText") && partialAt == 0) {
                        partialAt = sent;
                    }
                    if (d.name().equals("StopCapture")) {
                        stopCaptureAt = sent;
                        assertThat(d.payload().get("recognizedText").asText()).isEqualTo("what time is it");
                    }
                }
                if (stopCaptureAt > 0) {
                    break; // a real device stops capturing here
                }
            }
            int totalChunks = (speech.length + CHUNK - 1) / CHUNK;
            assertThat(partialAt).as("a partial before the upload ended").isGreaterThan(0).isLessThan(totalChunks);
            assertThat(stopCaptureAt).as("StopCapture before the device stopped sending").isGreaterThan(0)
                    .isLessThan(totalChunks);
            event.finish();
            List<StreamedParts.Part> answer = event.response().rest();
            Directive render = answer.get(answer.size() - 1).directive();
            assertThat(render.name()).isEqualTo("RenderText");
            assertThat(render.payload().get("text").asText()).startsWith("It's ");
            assertThat(answer.get(0).directive().name()).isEqualTo("Speak");
            // the recogniser keeps what it learnt of this device's microphone for its next utterance
            assertThat(cic.metrics())
                    .containsPattern("cic_asr_channels\\{[^}]*\\} [1-9]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"silence", "noise"})
    void silenceOrNoiseOnlyGetsASpokenDidNotCatchThat(String kind) throws Exception {
        // two seconds of a quiet room's digital silence, or of a fan's steady hiss at -45 dBFS
        byte[] audio = kind.equals("silence") ? TestAudio.silence(2000) : TestAudio.noise(2000, -45, 11);
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            TestDevice.StreamingEvent event = device.startEvent(recognize("dialog-" + kind));
            for (int off = 0; off < audio.length; off += CHUNK) {
                event.writeAudio(Arrays.copyOfRange(audio, off, Math.min(audio.length, off + CHUNK)));
            }
            event.finish();
            List<StreamedParts.Part> answer = event.response().rest();
            assertThat(answer.get(0).directive().name()).isEqualTo("Speak");
            assertThat(answer.get(answer.size() - 1).directive().payload().get("text").asText())
                    .contains("didn't catch that");
        }
    }

    @Test
    void aWrongFormatOrLanguageIs400NamingWhatIsSupported() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            StreamedParts wrongFormat = device.sendRaw(TestDevice.multipartBody(TestDevice.BOUNDARY,
                    TestDevice.metadata("SpeechRecognizer", "Recognize", "d1",
                            TestDevice.payload().put("format", "AUDIO_L16_RATE_8000_CHANNELS_1").put("lang", "en")),
                    new byte[3200]), "multipart/form-data; boundary=" + TestDevice.BOUNDARY);
            assertException(wrongFormat, 400, "AUDIO_L16_RATE_16000_CHANNELS_1");
            StreamedParts korean = device.sendRaw(TestDevice.multipartBody(TestDevice.BOUNDARY,
                    TestDevice.metadata("SpeechRecognizer", "Recognize", "d2",
                            TestDevice.payload().put("lang", "ko")), new byte[3200]),
                    "multipart/form-data; boundary=" + TestDevice.BOUNDARY);
            assertException(korean, 400, "supported: en");
        }
    }

    @Test
    void moreRequestsThanRecognizersWaitThenGet503AndAnAbortFreesTheRecognizerAtOnce() throws Exception {
        try (TestDevice a = cic.newDevice(); TestDevice b = cic.newDevice()) {
            a.connect();
            b.connect();
            TestDevice.StreamingEvent first = a.startEvent(recognize("dialog-a"));
            first.writeAudio(new byte[CHUNK]);
            // the only recogniser is now taken
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> cic.server().meters().get("cic.asr.decoders.busy").gauge().value() >= 1);
            TestDevice.StreamingEvent second = b.startEvent(recognize("dialog-b"));
            second.writeAudio(new byte[CHUNK]);
            assertException(second.response(), 503, "busy");

            first.abort(); // the device goes away mid-utterance
            byte[] speech = withSilence(speak("hello"), 1500);
            TestDevice.StreamingEvent third = b.startEvent(recognize("dialog-c"));
            third.writeAudio(speech);
            third.finish();
            List<StreamedParts.Part> answer = third.response().rest();
            assertThat(answer).extracting(p -> p.isJson() ? p.directive().name() : "audio")
                    .containsExactly("Speak", "audio", "RenderText", "ExpectSpeech");
            assertThat(answer.get(2).directive().payload().get("text").asText()).startsWith("Hello");
        }
    }

    @Test
    void anUtteranceLongerThanTheLimitIsCutWithStopCaptureAndAnswered() throws Exception {
        byte[] speech = withSilence(speak("please tell me what time it is right now because I really need to know"), 500);
        assertThat(speech.length).as("longer than the limit").isGreaterThan(32 * 3000);
        try (TestDevice device = shortUtterances.newDevice()) {
            StreamedParts down = device.connect();
            TestDevice.StreamingEvent event = device.startEvent(recognize("dialog-long"));
            int sentMillis = 0;
            Directive stop = null;
            for (int off = 0; off < speech.length && stop == null; off += CHUNK) {
                event.writeAudio(Arrays.copyOfRange(speech, off, Math.min(speech.length, off + CHUNK)));
                sentMillis += 200;
                Thread.sleep(200);
                StreamedParts.Part p;
                while ((p = down.poll(Duration.ZERO)) != null) {
                    if (p.directive().name().equals("StopCapture")) {
                        stop = p.directive();
                    }
                }
            }
            assertThat(stop).as("StopCapture at the limit, before the sentence ended").isNotNull();
            // At the limit (1.5 s of audio, so the 8th chunk) give or take the decoder's lag on a busy
            // machine; the speech goes on to ~4.5 s, where the detector's own StopCapture would come.
            assertThat(sentMillis).isBetween(1600, 2400);
            event.finish();
            List<StreamedParts.Part> answer = event.response().rest();
            assertThat(answer).isNotEmpty();
            assertThat(answer.get(answer.size() - 1).directive().name()).isEqualTo("RenderText");
        }
    }

    static void assertException(StreamedParts res, int status, String text) throws Exception {
        assertThat(res.status()).isEqualTo(status);
        JsonNode e = MessageCodec.mapper().readTree(res.next().body());
        assertThat(e.at("/header/namespace").asText()).isEqualTo("System");
        assertThat(e.at("/header/name").asText()).isEqualTo("Exception");
        assertThat(e.at("/payload/description").asText()).contains(text);
    }

    static byte[] recognize(String dialogRequestId) {
        return TestDevice.metadata("SpeechRecognizer", "Recognize", dialogRequestId, TestDevice.payload()
                .put("lang", "en").put("profile", "CLOSE_TALK").put("format", "AUDIO_L16_RATE_16000_CHANNELS_1"));
    }

    /** 16 kHz mono 16-bit PCM of flite's slt voice saying the text. */
    static byte[] speak(String text) throws IOException, InterruptedException {
        return dev.opencic.server.testing.SpokenRequests.pcm("slt", text);
    }

    static byte[] withSilence(byte[] pcm, int silenceMillis) {
        byte[] lead = new byte[32 * 500];
        byte[] out = new byte[lead.length + pcm.length + 32 * silenceMillis];
        System.arraycopy(pcm, 0, out, lead.length, pcm.length);
        return out;
    }
}
