package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.admission.Stage;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.GatedSynthesis;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Admission over real HTTP/2 with a synthesis stage of one thread and one queue slot, held full by
 * a gate inside the real engine: a request that finds the stage full is refused at once with
 * {@code 503} and {@code Retry-After}, before its handler changed anything, and a request the
 * device resets never reaches the engine (or stops in it).
 */
class AdmissionTest {

    static final GatedSynthesis engine = new GatedSynthesis();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(
            b -> b.synthesisThreads(1).synthesisQueue(1),
            builder -> builder.speechSynthesis(engine));

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

    @AfterEach
    void openTheGate() {
        engine.release();
        await().until(() -> synthesis().admitted() == 0);
    }

    static Stage synthesis() {
        return cic.server().synthesisStage();
    }

    /** A synthesis request with a text no cache has seen, sent without waiting for its answer. */
    static CompletableFuture<StreamedParts> speakUnique() {
        return speak("Answer number " + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A synthesis request for {@code text}, sent without waiting for its answer. */
    static CompletableFuture<StreamedParts> speak(String text) {
        byte[] body = TestDevice.multipartBody(TestDevice.BOUNDARY, TestDevice.metadata("SpeechSynthesizer",
                "Request", MessageIds.newId(), TestDevice.payload().put("lang", "en").put("text", text)), null);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return device.sendRaw(body, "multipart/form-data; boundary=" + TestDevice.BOUNDARY);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    @Test
    void aFullSynthesisStageRefusesAMemoWith503AndRetryAfterAndTheMemoIsNotSaved() throws Exception {
        engine.hold();
        CompletableFuture<StreamedParts> inEngine = speakUnique();
        await().until(() -> engine.waiting() == 1);
        CompletableFuture<StreamedParts> queued = speakUnique();
        await().until(() -> synthesis().admitted() == 2);

        String note = "the spare key is under pot " + UUID.randomUUID().toString().substring(0, 6);
        StreamedParts refused = device.send("TextRecognizer", "Recognize", MessageIds.newId(),
                TestDevice.payload().put("text", "take a note that " + note));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.headers().get("retry-after")).matches("[1-9][0-9]*");
        JsonNode exception = MessageCodec.mapper().readTree(refused.next().body());
        assertThat(exception.at("/header/name").asText()).isEqualTo("Exception");
        assertThat(exception.at("/payload/code").asText()).isEqualTo("503");
        assertThat(exception.at("/payload/description").asText()).startsWith("synthesis is busy");

        engine.release();
        for (CompletableFuture<StreamedParts> admitted : List.of(inEngine, queued)) {
            StreamedParts answer = admitted.join();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.rest()).hasSize(2); // Speak and its MP3
        }
        assertThat(memoContents()).doesNotContain(note);
        assertThat(cic.metrics())
                .containsPattern("cic_stage_shed_total\\{[^}]*stage=\"synthesis\"[^}]*\\} [1-9]");
    }

    @Test
    void aQueuedAnswerWhoseStreamTheDeviceResetIsNeverSynthesised() throws Exception {
        engine.hold();
        CompletableFuture<StreamedParts> inEngine = speakUnique();
        await().until(() -> engine.waiting() == 1);
        int startedBefore = engine.started();
        double cancelledBefore = synthesis().cancelledCount();

        // A second answer waits for the one synthesis thread; the device gives up on it.
        HttpResponse abandoned = device.client().execute(eventHeaders(), TestDevice.multipartBody(
                TestDevice.BOUNDARY, TestDevice.metadata("SpeechSynthesizer", "Request", MessageIds.newId(),
                        TestDevice.payload().put("lang", "en").put("text", "Nobody will hear this "
                                + UUID.randomUUID())), null));
        await().until(() -> synthesis().admitted() == 2);
        abandoned.abort();
        await().until(() -> synthesis().admitted() == 1); // its slot is given back at once

        engine.release();
        assertThat(inEngine.join().status()).isEqualTo(200);
        await().until(() -> synthesis().cancelledCount() == cancelledBefore + 1);
        assertThat(engine.started()).as("synthesis calls").isEqualTo(startedBefore);
    }

    @Test
    void anAnswerWhoseStreamIsResetWhileSynthesisingStopsInTheEngine() throws Exception {
        engine.hold();
        HttpResponse abandoned = device.client().execute(eventHeaders(), TestDevice.multipartBody(
                TestDevice.BOUNDARY, TestDevice.metadata("SpeechSynthesizer", "Request", MessageIds.newId(),
                        TestDevice.payload().put("lang", "en").put("text", "A long answer nobody will hear, "
                                + "sentence after sentence. " + UUID.randomUUID() + ". And then some more words.")),
                null));
        await().until(() -> engine.waiting() == 1);
        int stoppedBefore = engine.stoppedByClosedStream();
        abandoned.abort();
        await().until(() -> synthesis().admitted() == 0);
        engine.release();
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.stoppedByClosedStream() == stoppedBefore + 1);
    }

    @Test
    void aCachedAnswerIsServedWhileTheSynthesisStageIsFull() throws Exception {
        String text = "Cached while busy " + UUID.randomUUID().toString().substring(0, 8) + ".";
        for (int i = 0; i < 2; i++) { // synthesised, then answered from the cache: a cheap request now
            assertThat(device.send("SpeechSynthesizer", "Request", MessageIds.newId(),
                    TestDevice.payload().put("lang", "en").put("text", text)).rest()).hasSize(2);
        }

        engine.hold();
        CompletableFuture<StreamedParts> inEngine = speakUnique();
        await().until(() -> engine.waiting() == 1);
        CompletableFuture<StreamedParts> queued = speakUnique();
        await().until(() -> synthesis().admitted() == synthesis().capacity());
        StreamedParts expensive = device.send("SpeechSynthesizer", "Request", MessageIds.newId(),
                TestDevice.payload().put("lang", "en").put("text", "Not cached " + UUID.randomUUID()));
        assertThat(expensive.status()).isEqualTo(503);

        // The cheap lane: admitted though every slot is taken, its audio written without a thread.
        StreamedParts cached = device.send("SpeechSynthesizer", "Request", MessageIds.newId(),
                TestDevice.payload().put("lang", "en").put("text", text));
        assertThat(cached.status()).isEqualTo(200);
        assertThat(cached.rest()).hasSize(2);
        assertThat(engine.waiting()).isEqualTo(1);

        engine.release();
        assertThat(inEngine.join().status()).isEqualTo(200);
        assertThat(queued.join().status()).isEqualTo(200);
    }

    @Test
    void aCheapTextWhoseAnswerNowNeedsSynthesisIsAnsweredAheadOfTheQueueAndLeavesTheLane() throws Exception {
        String text = "what notes do i have";
        // No notes yet: synthesised, then answered from the cache (the audio is cached just after
        // the answer's last byte, so ask until an answer came from it).
        await().until(() -> {
            double hits = counter("cic_tts_cache_hits_total");
            assertThat(device.send("TextRecognizer", "Recognize", MessageIds.newId(),
                    TestDevice.payload().put("text", text)).status()).isEqualTo(200);
            return counter("cic_tts_cache_hits_total") > hits;
        });
        String note = "the ladder is in the shed " + UUID.randomUUID().toString().substring(0, 6);
        assertThat(device.send("TextRecognizer", "Recognize", MessageIds.newId(),
                TestDevice.payload().put("text", "take a note that " + note)).status()).isEqualTo(200);
        // The same words now have another answer (the note), which no cache holds.

        engine.hold();
        CompletableFuture<StreamedParts> inEngine = speakUnique();
        await().until(() -> engine.waiting() == 1);
        String queuedText = "Queued answer " + UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<StreamedParts> queued = speak(queuedText);
        await().until(() -> synthesis().admitted() == synthesis().capacity());
        double missedBefore = cheapLane("needed_synthesis");

        // Let in by the cheap lane, its handler ran; its answer turns out to need synthesis. Refusing
        // it now would answer 503 for a request that was handled: it is owed a slot at the head.
        CompletableFuture<StreamedParts> owed = CompletableFuture.supplyAsync(() -> {
            try {
                return device.send("TextRecognizer", "Recognize", MessageIds.newId(),
                        TestDevice.payload().put("text", text));
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        await().until(() -> cheapLane("needed_synthesis") == missedBefore + 1);
        await().until(() -> synthesis().admitted() == synthesis().capacity() + 1);
        // ...and the next one with these words is refused at admission, its handler never run.
        StreamedParts next = device.send("TextRecognizer", "Recognize", MessageIds.newId(),
                TestDevice.payload().put("text", text));
        assertThat(next.status()).isEqualTo(503);
        assertThat(next.headers().get("retry-after")).matches("[1-9][0-9]*");
        assertThat(cheapLane("needed_synthesis")).isEqualTo(missedBefore + 1);

        engine.release();
        StreamedParts owedAnswer = owed.join();
        assertThat(owedAnswer.status()).isEqualTo(200);
        assertThat(owedAnswer.directives()).extracting(d -> d.header().namespace() + "." + d.header().name())
                .contains("SpeechSynthesizer.Speak");
        assertThat(inEngine.join().status()).isEqualTo(200);
        assertThat(queued.join().status()).isEqualTo(200);
        List<String> order = engine.passedTheGate();
        int owedAt = indexOfFirst(order, note.substring(note.length() - 6));
        assertThat(owedAt).as("the owed answer in %s", order).isNotNegative()
                .isLessThan(indexOfFirst(order, queuedText));
    }

    private static int indexOfFirst(List<String> texts, String containing) {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).contains(containing)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void speechPushedOnADownchannelIsSynthesisedOnTheSynthesisStage() throws Exception {
        String user = "adm" + UUID.randomUUID().toString().substring(0, 8);
        cic.server().auth().accounts().createAccount(user, "pushed-speech-pw".toCharArray());
        try (TestDevice asking = cic.deviceOf(user, "pushed-speech-pw", "asking-" + UUID.randomUUID());
             TestDevice kitchen = cic.deviceOf(user, "pushed-speech-pw", "kitchen-" + UUID.randomUUID())) {
            asking.connect();
            double opens = householdOpens();
            StreamedParts down = kitchen.connect();
            await().until(() -> householdOpens() > opens); // the household knows the kitchen is on
            String words = "dinner is ready " + UUID.randomUUID().toString().substring(0, 6);
            assertThat(asking.send("TextRecognizer", "Recognize", MessageIds.newId(),
                    TestDevice.payload().put("text", "announce " + words)).status()).isEqualTo(200);

            dev.opencic.protocol.Directive speak = down.awaitDirective("SpeechSynthesizer.Speak",
                    Duration.ofSeconds(30), () -> { });
            assertThat(speak.payload().path("ttsText").asText()).contains(words);
            int at = indexOfFirst(engine.passedTheGate(), words);
            assertThat(at).isNotNegative();
            // Not beside the stage on a thread of its own: it shares the stage's threads and queue.
            assertThat(engine.threadsPassed().get(at)).startsWith("cic-synthesis-");
        }
    }

    private static double householdOpens() {
        var opens = cic.server().meters().find("cic.household.opens.handled").counter();
        return opens == null ? 0 : opens.count();
    }

    /** {@code cic_cheap_lane_total} with this outcome, 0 before the first. */
    private static double cheapLane(String outcome) {
        return metric("cic_cheap_lane_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*\\}");
    }

    /** The first series of a counter, 0 before it exists. */
    private static double counter(String name) {
        return metric(name + "(\\{[^}]*\\})?");
    }

    private static double metric(String series) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + series + " ([0-9.E]+)")
                .matcher(cic.metrics());
        return m.find() ? Double.parseDouble(m.group(m.groupCount())) : 0;
    }

    private static RequestHeaders eventHeaders() {
        return RequestHeaders.builder(HttpMethod.POST, "/v1/events")
                .add("authorization", "Bearer " + device.accessToken())
                .add("content-type", "multipart/form-data; boundary=" + TestDevice.BOUNDARY).build();
    }

    private static List<String> memoContents() throws Exception {
        StreamedParts res = device.send("Memo", "Get", MessageIds.newId(), TestDevice.payload());
        assertThat(res.status()).isEqualTo(200);
        List<String> out = new java.util.ArrayList<>();
        res.next().directive().payload().path("memo").forEach(m -> out.add(m.path("content").asText()));
        return out;
    }
}
