package dev.opencic.server.dialog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.SpokenRequests;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spoken dialogue over HTTP/2 with the real recogniser: a question answered by voice under its
 * dialogRequestId, and more devices speaking at once than there are decoders.
 */
class SpokenFollowUpTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1));

    /** Two decoders and a wait long enough that a third speaker queues instead of being turned away. */
    @RegisterExtension
    static final CicServerExtension twoDecoders = new CicServerExtension(b -> b.asrPoolSize(2)
            .asrMaxWait(Duration.ofSeconds(30)));

    @Test
    void aSpokenReplyUnderTheQuestionsDialogRequestIdAnswersIt() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> question = SpokenRequests.ask(device, "dialog-memo", "take a note");
            assertThat(SpokenRequests.directive(question, "Clova.RenderText").payload().get("text").asText())
                    .isEqualTo("What should the memo say?");
            Directive expect = SpokenRequests.directive(question, "SpeechRecognizer.ExpectSpeech");
            assertThat(expect.dialogRequestId()).isEqualTo("dialog-memo");
            assertThat(expect.payload().get("timeoutInMilliseconds").asLong()).isPositive();

            // The words alone are no command: only the open question makes them a memo.
            List<Directive> reply = SpokenRequests.ask(device, "dialog-memo", "buy milk and bread");
            assertThat(SpokenRequests.directive(reply, "Clova.RenderText").payload().get("text").asText())
                    .startsWith("I saved a memo: ").contains("milk");
            assertThat(reply).extracting(Directive::name).doesNotContain("ExpectSpeech");

            List<Directive> memos = device.send("TextRecognizer", "Recognize", "dialog-read",
                    TestDevice.payload().put("text", "read my memos")).directives();
            assertThat(text(memos)).contains("milk");
        }
    }

    @Test
    void threeSpeakersOnTwoDecodersEachGetTheirOwnAnswer() throws Exception {
        List<String> sentences = List.of("what time is it", "hello", "take a note");
        List<TestDevice> devices = new ArrayList<>();
        ExecutorService speakers = Executors.newFixedThreadPool(sentences.size()); // all three at once
        try {
            List<CompletableFuture<List<Directive>>> answers = new ArrayList<>();
            for (String sentence : sentences) {
                TestDevice device = twoDecoders.newDevice();
                devices.add(device);
                StreamedParts downchannel = device.connect();
                answers.add(CompletableFuture.supplyAsync(() -> speakInRealTime(device, downchannel, sentence), speakers));
            }
            // the third speaker waits for a decoder rather than being turned away or sharing one
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                    twoDecoders.metrics()
                            .matches("(?s).*cic_asr_sessions_waiting\\{[^}]*\\} 1\\.0.*"));
            assertThat(text(answers.get(0).join())).startsWith("It's ");
            assertThat(text(answers.get(1).join())).startsWith("Hello");
            assertThat(text(answers.get(2).join())).isEqualTo("What should the memo say?");
        } finally {
            speakers.shutdownNow();
            devices.forEach(TestDevice::close);
        }
    }

    /**
     * Streams the spoken sentence in 200 ms chunks at the pace a microphone would, until the
     * downchannel says StopCapture, as a device does.
     */
    private static List<Directive> speakInRealTime(TestDevice device, StreamedParts downchannel, String sentence) {
        try {
            byte[] pcm = SpokenRequests.speak(sentence);
            TestDevice.StreamingEvent event = device.startEvent(SpokenRequestTest.recognize("dialog-" + sentence.hashCode()));
            boolean stop = false;
            for (int off = 0; off < pcm.length && !stop; off += SpokenRequestTest.CHUNK) {
                event.writeAudio(Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + SpokenRequestTest.CHUNK)));
                Thread.sleep(200);
                for (StreamedParts.Part p; (p = downchannel.poll(Duration.ZERO)) != null; ) {
                    stop |= p.directive().name().equals("StopCapture");
                }
            }
            event.finish();
            StreamedParts response = event.response();
            assertThat(response.status()).as("'%s' was answered, not turned away", sentence).isEqualTo(200);
            return response.directives();
        } catch (Exception e) {
            throw new AssertionError("'" + sentence + "' failed", e);
        }
    }

    private static String text(List<Directive> answer) {
        return SpokenRequests.directive(answer, "Clova.RenderText").payload().get("text").asText();
    }
}
