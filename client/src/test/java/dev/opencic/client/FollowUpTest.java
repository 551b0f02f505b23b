package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.protocol.payload.Clova;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.SpokenRequests;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK's dialogue rules over HTTP/2 against the real server: after {@code ExpectSpeech} the next
 * recognition, typed or spoken, answers the question (its dialogRequestId and {@code speechId} =
 * {@code expectSpeechId}); nobody answering in time sends {@code ExpectSpeechTimedOut}.
 */
class FollowUpTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1));

    @Test
    void aTypedAnswerGoesUnderTheQuestionsDialogAndCompletesIt() throws Exception {
        try (CicClient client = Clients.started(cic, b -> {})) {
            EventResponse question = ask(client, "take a note");
            assertThat(text(question)).isEqualTo("What should the memo say?");
            assertThat(client.isExpectingSpeech()).isTrue();

            EventResponse answer = client.recognizeText("buy stamps").get(20, TimeUnit.SECONDS);

            assertThat(answer.dialogRequestId()).isEqualTo(question.dialogRequestId());
            assertThat(text(answer)).isEqualTo("I saved a memo: buy stamps.");
            answer.processed().get(10, TimeUnit.SECONDS);
            assertThat(client.isExpectingSpeech()).isFalse();
            // the question is answered: the same words are a new request now
            EventResponse again = client.recognizeText("buy stamps").get(20, TimeUnit.SECONDS);
            assertThat(again.dialogRequestId()).isNotEqualTo(question.dialogRequestId());
            assertThat(text(again)).doesNotContain("memo");
        }
    }

    @Test
    void aSpokenAnswerGoesUnderTheQuestionsDialogAndCompletesIt() throws Exception {
        Engines.requireRecognizer(cic.server().asr());
        try (CicClient client = Clients.started(cic, b -> {})) {
            EventResponse question = ask(client, "take a note");
            assertThat(client.isExpectingSpeech()).isTrue();

            AudioSink sink = client.startRecognize();
            assertThat(sink.dialogRequestId()).isEqualTo(question.dialogRequestId());
            byte[] pcm = SpokenRequests.speak("buy milk and bread");
            for (int off = 0; off < pcm.length && !sink.response().isDone(); off += AudioSink.CHUNK_BYTES) {
                sink.write(pcm, off, Math.min(AudioSink.CHUNK_BYTES, pcm.length - off));
            }
            sink.close();
            EventResponse answer = sink.response().get(30, TimeUnit.SECONDS);

            assertThat(text(answer)).startsWith("I saved a memo: ").contains("milk");
        }
    }

    @Test
    void nobodyAnsweringInTimeSendsExpectSpeechTimedOutAndTheQuestionLapses() throws Exception {
        try (CicClient client = Clients.started(cic, b -> b.maxExpectSpeechWait(Duration.ofMillis(300)))) {
            long before = timedOutReports();
            EventResponse question = ask(client, "take a note");
            assertThat(text(question)).isEqualTo("What should the memo say?");

            await().atMost(Duration.ofSeconds(10)).until(() -> timedOutReports() == before + 1);
            assertThat(client.isExpectingSpeech()).isFalse();

            EventResponse late = client.recognizeText("buy stamps").get(20, TimeUnit.SECONDS);
            assertThat(late.dialogRequestId()).isNotEqualTo(question.dialogRequestId());
            assertThat(text(late)).doesNotContain("memo");
        }
    }

    /** Sends the text and waits until its directives were processed (so an ExpectSpeech has been noted). */
    private static EventResponse ask(CicClient client, String text) throws Exception {
        EventResponse r = client.recognizeText(text).get(20, TimeUnit.SECONDS);
        r.processed().get(10, TimeUnit.SECONDS);
        return r;
    }

    private static String text(EventResponse r) {
        return r.directives().stream().filter(d -> d.header().qualifiedName().equals("Clova.RenderText"))
                .map(d -> d.payload(Clova.RenderText.class).text()).findFirst()
                .orElseThrow(() -> new AssertionError("no RenderText in " + r.directives()));
    }

    /** How many ExpectSpeechTimedOut events the server answered. */
    private static long timedOutReports() {
        Timer t = cic.server().meters().find("cic.event.latency")
                .tag("event", "SpeechRecognizer.ExpectSpeechTimedOut").tag("outcome", "ok").timer();
        return t == null ? 0 : t.count();
    }
}
