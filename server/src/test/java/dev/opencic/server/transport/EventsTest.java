package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Text requests and speech synthesis end to end: real directives and real MP3 over HTTP/2. */
class EventsTest {

    @RegisterExtension
    // Room for the 20 spoken answers of manyConcurrentEventsOnOneConnectionAllSucceed: this class is
    // about one connection carrying many streams; shedding has its own tests (AdmissionTest).
    static final CicServerExtension cic = new CicServerExtension(b -> b.synthesisQueue(64));

    static TestDevice device;

    @BeforeAll
    static void connect() throws Exception {
        device = cic.newDevice();
        device.connect();
    }

    @AfterAll
    static void close() {
        device.close();
    }

    @Test
    void aTextRequestIsAnsweredWithSpeakItsMp3AndRenderText() throws Exception {
        StreamedParts res = device.send("TextRecognizer", "Recognize", "dialog-time",
                TestDevice.payload().put("text", "What time is it?"));
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.headers().get("content-type")).startsWith("multipart/related; boundary=");
        List<StreamedParts.Part> parts = res.rest();
        assertThat(parts).hasSize(3);

        Directive speak = parts.get(0).directive();
        assertThat(speak.header().qualifiedName()).isEqualTo("SpeechSynthesizer.Speak");
        assertThat(speak.dialogRequestId()).isEqualTo("dialog-time");
        assertThat(speak.payload().get("format").asText()).isEqualTo("AUDIO_MPEG");
        assertThat(speak.payload().get("ttsLang").asText()).isEqualTo("en");
        assertThat(speak.payload().get("token").asText()).isNotBlank();
        String url = speak.payload().get("url").asText();
        assertThat(url).startsWith("cid:");

        StreamedParts.Part audio = parts.get(1);
        assertThat(audio.headers().contentId()).isEqualTo(url.substring(4));
        assertThat(audio.headers().contentType()).isEqualTo("application/octet-stream");
        assertIsMp3(audio.body());

        Directive render = parts.get(2).directive();
        assertThat(render.header().qualifiedName()).isEqualTo("Clova.RenderText");
        assertThat(render.dialogRequestId()).isEqualTo("dialog-time");
        assertThat(render.payload().get("text").asText()).matches("It's \\d{1,2}:\\d{2} (AM|PM)\\.");
        assertThat(speak.payload().get("ttsText").asText()).isEqualTo(render.payload().get("text").asText());
    }

    @Test
    void somethingNotUnderstoodGetsAnAnswerSayingWhatWorks() throws Exception {
        List<StreamedParts.Part> parts = device.send("TextRecognizer", "Recognize", "dialog-pizza",
                TestDevice.payload().put("text", "order me a large pizza")).rest();
        Directive render = parts.get(parts.size() - 1).directive();
        assertThat(render.payload().get("text").asText()).contains("didn't understand").contains("what time it is");
    }

    @Test
    void aTextRequestWithoutDialogRequestIdOrTextIs400() throws Exception {
        EventErrorsTest.assertRejected(device.send("TextRecognizer", "Recognize", null,
                TestDevice.payload().put("text", "hello")), 400, "dialogRequestId");
        EventErrorsTest.assertRejected(device.send("TextRecognizer", "Recognize", "d",
                TestDevice.payload()), 400, "payload.text");
    }

    @Test
    void aSpeechSynthesisRequestReturnsSpeakWithMp3() throws Exception {
        List<StreamedParts.Part> parts = device.send("SpeechSynthesizer", "Request", "dialog-tts",
                TestDevice.payload().put("text", "Make me an audio file. Then another sentence.").put("lang", "en")).rest();
        assertThat(parts).hasSize(2);
        Directive speak = parts.get(0).directive();
        assertThat(speak.header().qualifiedName()).isEqualTo("SpeechSynthesizer.Speak");
        assertThat(speak.payload().get("ttsText").asText()).isEqualTo("Make me an audio file. Then another sentence.");
        assertThat(parts.get(1).headers().contentId()).isEqualTo(speak.payload().get("url").asText().substring(4));
        assertIsMp3(parts.get(1).body());
        // two sentences of speech at 48 kbps are well over a kilobyte
        assertThat(parts.get(1).body().length).isGreaterThan(4000);
    }

    @Test
    void aRepeatedSentenceIsServedFromTheCacheOfRecentAnswers() throws Exception {
        String text = "This sentence is spoken twice. " + System.nanoTime();
        byte[] first = device.send("SpeechSynthesizer", "Request", "d-cache-1",
                TestDevice.payload().put("text", text).put("lang", "en")).rest().get(1).body();
        double hitsBefore = cic.server().meters().get("cic.tts.cache.hits").counter().count();
        byte[] second = device.send("SpeechSynthesizer", "Request", "d-cache-2",
                TestDevice.payload().put("text", text).put("lang", "en")).rest().get(1).body();
        // flite adds random noise, so identical bytes mean the audio was not synthesised again
        assertThat(second).isEqualTo(first);
        assertThat(cic.server().meters().get("cic.tts.cache.hits").counter().count()).isEqualTo(hitsBefore + 1);
        assertIsMp3(second);
    }

    @Test
    void anUnsupportedSynthesisLanguageIs400NamingTheSupportedOnes() throws Exception {
        EventErrorsTest.assertRejected(device.send("SpeechSynthesizer", "Request", null,
                TestDevice.payload().put("text", "annyeong").put("lang", "ko")), 400, "supported: en");
        EventErrorsTest.assertRejected(device.send("SpeechSynthesizer", "Request", null,
                TestDevice.payload().put("text", "no language")), 400, "payload.lang");
    }

    @Test
    void playbackReportsAreAcceptedAndRecordedAgainstTheDialog() throws Exception {
        List<StreamedParts.Part> parts = device.send("SpeechSynthesizer", "Request", "dialog-report",
                TestDevice.payload().put("text", "Hello there.").put("lang", "en")).rest();
        String token = parts.get(0).directive().payload().get("token").asText();
        for (String name : List.of("SpeechStarted", "SpeechFinished")) {
            StreamedParts res = device.send("SpeechSynthesizer", name, null, TestDevice.payload().put("token", token));
            assertThat(res.status()).isEqualTo(204);
        }
        var speech = cic.server().speechTokens().find(token).orElseThrow();
        assertThat(speech.dialogRequestId()).isEqualTo("dialog-report");
        assertThat(speech.reports()).extracting(r -> r.state()).containsExactly("SpeechStarted", "SpeechFinished");
        EventErrorsTest.assertRejected(device.send("SpeechSynthesizer", "SpeechStopped", null,
                TestDevice.payload()), 400, "payload.token");
    }

    @Test
    void manyConcurrentEventsOnOneConnectionAllSucceed() throws Exception {
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean text = i % 10 == 0;
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    StreamedParts res = text
                            ? device.send("TextRecognizer", "Recognize", "d-" + Math.random(),
                                    TestDevice.payload().put("text", "hello"))
                            : device.send("SpeechSynthesizer", "SpeechStarted", null,
                                    TestDevice.payload().put("token", "t"));
                    res.rest();
                    return res.status();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        List<Integer> statuses = results.stream().map(CompletableFuture::join).toList();
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(20);
        assertThat(statuses).filteredOn(s -> s == 204).hasSize(180);
    }

    /** An MPEG audio stream: starts with a frame sync (11 set bits), layer III. */
    static void assertIsMp3(byte[] mp3) {
        assertThat(mp3.length).isGreaterThan(100);
        assertThat(mp3[0] & 0xFF).isEqualTo(0xFF);
        assertThat(mp3[1] & 0xE0).isEqualTo(0xE0);
        assertThat((mp3[1] >> 1) & 0x3).as("layer III").isEqualTo(1);
    }
}
