package dev.opencic.server.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an extension answers, and what the device gets: every CEK speech form, a card, directives
 * passed through; and every way an extension can fail (too slow, unreachable, not 2xx, not JSON, too
 * big, an unknown directive) answered with a spoken apology, never an error status, never a dialogue
 * left waiting; after five failures in a row its breaker opens and it is not asked at all.
 */
class ExtensionAnswersTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0)
            .extensionTimeout(Duration.ofMillis(1000)));

    static TestWebhook webhook;
    static final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void startWebhook() throws Exception {
        webhook = new TestWebhook(PlatformKey.loadOrCreate(cic.server().config().dataDir()).publicKey());
    }

    @AfterAll
    static void stopWebhook() {
        release.countDown();
        webhook.close();
    }

    /** Registers an extension "NAME" (said as the name with spaces) answered by {@code answer}. */
    static void extension(String name, Function<ObjectNode, TestWebhook.Answer> answer) throws Exception {
        String model = "{\"invocation\": \"" + name.replace('-', ' ') + "\", \"intents\": [{\"name\": \"Hello\","
                + " \"samples\": [\"say hello\"]}]}";
        ExtensionDialogTest.cic_register(cic, name, webhook.serve("/" + name, answer), model);
    }

    static List<Directive> sayWithDisplay(TestDevice device, String words, String size) throws Exception {
        var display = new dev.opencic.protocol.ContextObject(new dev.opencic.protocol.Header("Device", "Display", null,
                null), TestDevice.payload().put("size", size));
        var parts = device.send(dev.opencic.protocol.MessageCodec.writeEvent(new dev.opencic.protocol.Event(
                new dev.opencic.protocol.Header("TextRecognizer", "Recognize", dev.opencic.protocol.MessageIds.newId(),
                        "d-" + System.nanoTime()), TestDevice.payload().put("text", words), List.of(display))));
        assertThat(parts.status()).isEqualTo(200);
        return parts.directives();
    }

    static List<Directive> say(TestDevice device, String words) throws Exception {
        var parts = device.send("TextRecognizer", "Recognize", "d-" + System.nanoTime(),
                TestDevice.payload().put("text", words));
        assertThat(parts.status()).isEqualTo(200);
        return parts.directives();
    }

    static ObjectNode response(String json) {
        try {
            return (ObjectNode) MessageCodec.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void speechFormsCardAndDirectivesReachTheDevice() throws Exception {
        extension("speech-list", json -> TestWebhook.Answer.json(response("""
                {"version": "1.0", "sessionAttributes": {}, "response": {
                  "outputSpeech": {"type": "SpeechList", "values": [
                    {"type": "PlainText", "lang": "en", "value": "Here is a song."},
                    {"type": "URL", "lang": "", "value": "https://example.org/jingle.mp3"}]},
                  "card": {"type": "Text", "mainText": {"type": "string", "value": "A song"}},
                  "directives": [{"header": {"namespace": "AudioPlayer", "name": "Play"},
                                  "payload": {"audioItem": {"audioItemId": "a1", "stream": {"url": "https://example.org/s.mp3",
                                     "token": "t1", "beginAtInMilliseconds": 0, "urlPlayable": true}},
                                     "playBehavior": "REPLACE_ALL"}}],
                  "shouldEndSession": true}}
                """)));
        extension("speech-set", json -> TestWebhook.Answer.json(response("""
                {"version": "1.0", "response": {
                  "outputSpeech": {"type": "SpeechSet",
                    "brief": {"type": "PlainText", "lang": "en", "value": "Short."},
                    "verbose": {"type": "SimpleSpeech", "values": {"type": "PlainText", "lang": "en", "value": "The long answer."}}},
                  "shouldEndSession": true}}
                """)));
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> song = say(device, "open speech list");
            assertThat(ExtensionDialogTest.names(song)).contains("SpeechSynthesizer.Speak", "Clova.RenderTemplate",
                    "AudioPlayer.Play", "Clova.StartExtension", "Clova.FinishExtension");
            assertThat(song.stream().filter(d -> d.name().equals("Speak"))
                    .anyMatch(d -> d.payload().path("url").asText().equals("https://example.org/jingle.mp3"))).isTrue();
            Directive card = song.stream().filter(d -> d.name().equals("RenderTemplate")).findFirst().orElseThrow();
            assertThat(card.payload().path("mainText").path("value").asText()).isEqualTo("A song");
            assertThat(song.stream().filter(d -> d.name().equals("Play")).findFirst().orElseThrow().payload()
                    .path("audioItem").path("audioItemId").asText()).isEqualTo("a1");

            assertThat(ExtensionDialogTest.shown(say(device, "open speech set"))).isEqualTo("The long answer.");
            // a device with a screen (Device.Display, size not "none") gets the brief part; "none" is a speaker
            assertThat(ExtensionDialogTest.shown(sayWithDisplay(device, "open speech set", "m100"))).isEqualTo("Short.");
            assertThat(ExtensionDialogTest.shown(sayWithDisplay(device, "open speech set", "none")))
                    .isEqualTo("The long answer.");
        }
    }

    @Test
    void everyFailureIsASpokenApologyAndTheDialogueGoesOn() throws Exception {
        extension("slow-one", json -> {
            try {
                release.await(30, TimeUnit.SECONDS); // answers only after the server gave up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TestWebhook.Answer.json(TestWebhook.says("too late", true, null));
        });
        extension("failing-one", json -> new TestWebhook.Answer(500, "oops".getBytes(StandardCharsets.UTF_8)));
        extension("garbled-one", json -> new TestWebhook.Answer(200, "{\"version\": ".getBytes(StandardCharsets.UTF_8)));
        extension("huge-one", json -> new TestWebhook.Answer(200,
                TestWebhook.says("x".repeat(100_000), true, null).toString().getBytes(StandardCharsets.UTF_8)));
        extension("odd-one", json -> {
            ObjectNode a = TestWebhook.says("with a directive", true, null);
            ((com.fasterxml.jackson.databind.node.ArrayNode) a.path("response").path("directives")).addObject()
                    .putObject("header").put("namespace", "Teleporter").put("name", "Beam");
            return TestWebhook.Answer.json(a);
        });
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ExtensionDialogTest.cic_register(cic, "gone-one", "http://127.0.0.1:" + closedPort + "/cek",
                "{\"invocation\": \"gone one\", \"intents\": [{\"name\": \"Hello\", \"samples\": [\"say hello\"]}]}");

        try (TestDevice device = cic.newDevice()) {
            device.connect();
            for (String name : List.of("slow one", "failing one", "garbled one", "huge one", "odd one", "gone one")) {
                List<Directive> answer = say(device, "open " + name);
                assertThat(ExtensionDialogTest.shown(answer)).as(name)
                        .isEqualTo("Sorry, " + name + " isn't answering right now. Please try again later.");
                assertThat(ExtensionDialogTest.names(answer)).as(name).contains("SpeechSynthesizer.Speak")
                        .doesNotContain("SpeechRecognizer.ExpectSpeech");
            }
            assertThat(ExtensionDialogTest.shown(say(device, "what time is it"))).as("the platform still answers")
                    .startsWith("It's");
        }
        String metrics = cic.metrics();
        for (String outcome : List.of("timeout", "status", "invalid_json", "oversized", "unknown_directive", "connection")) {
            assertThat(metrics).contains("outcome=\"" + outcome + "\"");
        }
    }

    @Test
    void afterFiveFailuresInARowTheBreakerOpensAndTheExtensionIsNotAsked() throws Exception {
        extension("flaky-one", json -> new TestWebhook.Answer(503, new byte[0]));
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            for (int i = 0; i < CircuitBreaker.FAILURES_TO_OPEN + 2; i++) {
                assertThat(ExtensionDialogTest.shown(say(device, "open flaky one"))).contains("isn't answering");
            }
        }
        assertThat(webhook.at("/flaky-one")).hasSize(CircuitBreaker.FAILURES_TO_OPEN);
        assertThat(cic.metrics()).contains("extension=\"flaky-one\",outcome=\"circuit_open\"");
    }
}
