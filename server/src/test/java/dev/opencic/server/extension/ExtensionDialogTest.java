package dev.opencic.server.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.admin.AdminClient;
import dev.opencic.server.admin.AdminResult;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.SpokenRequests;
import dev.opencic.server.testing.TestDevice;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Third-party extensions end to end: a plain-HTTP CEK webhook on a random port, registered through
 * the running server's admin route, reached by typed words over HTTP/2: launch, ask, a multi-turn
 * session with its attributes, typed slots, "stop", two accounts, and the signature on every request.
 */
class ExtensionDialogTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0)
            .extensionTimeout(Duration.ofMillis(1500)));

    static final String MODEL = """
            {"invocation": "space facts",
             "intents": [
               {"name": "GetFact", "slots": {"planet": "PLANET"},
                "samples": ["tell me about {planet}", "about {planet}", "{planet}"]},
               {"name": "Book", "slots": {"count": "number", "city": "city", "who": "person", "day": "date",
                                          "at": "time", "length": "duration"},
                "samples": ["book {count} seats to {city} for {who} on {day} at {at} for {length}"]}],
             "slotTypes": {"PLANET": ["venus", {"value": "mars", "synonyms": ["the red planet"]}]}}
            """;

    static TestWebhook webhook;
    static PublicKey publicKey;

    @BeforeAll
    static void startWebhook() throws Exception {
        String pem = cic.client().get(PlatformKey.PUBLIC_KEY_PATH).aggregate().join().contentUtf8();
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----");
        publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""))));
        webhook = new TestWebhook(publicKey);
    }

    @AfterAll
    static void stopWebhook() {
        webhook.close();
    }

    static AdminResult admin(String command, Map<String, ?> arguments) throws Exception {
        return AdminClient.find(cic.server().config().dataDir()).orElseThrow().run(command, arguments).orElseThrow();
    }

    static String register(String name, String url, String model) throws Exception {
        return cic_register(cic, name, url, model);
    }

    /** Registers through the running server's admin route; returns the push secret (the last line printed). */
    static String cic_register(CicServerExtension server, String name, String url, String model) throws Exception {
        AdminResult added = AdminClient.find(server.server().config().dataDir()).orElseThrow()
                .run("extension-add", Map.of("name", name, "url", url, "model", model)).orElseThrow();
        assertThat(added.exitCode()).as(added.err()).isZero();
        List<String> lines = added.out().lines().toList();
        return lines.get(lines.size() - 1);
    }

    static String invocationModel(String invocation) {
        return MODEL.replace("space facts", invocation);
    }

    static List<Directive> say(TestDevice device, String dialogRequestId, String words) throws Exception {
        var parts = device.send("TextRecognizer", "Recognize", dialogRequestId, TestDevice.payload().put("text", words));
        assertThat(parts.status()).isEqualTo(200);
        return parts.directives();
    }

    static String shown(List<Directive> answer) {
        return answer.stream().filter(d -> d.name().equals("RenderText")).findFirst()
                .map(d -> d.payload().path("text").asText()).orElse("");
    }

    static List<String> names(List<Directive> answer) {
        return answer.stream().map(d -> d.header().qualifiedName()).toList();
    }

    @Test
    void launchThenAMultiTurnSessionWithAttributesThenTheSessionEnds() throws Exception {
        String url = webhook.serve("/space", json -> {
            String type = json.path("request").path("type").asText();
            if (type.equals("LaunchRequest")) {
                ObjectNode attributes = MessageCodec.mapper().createObjectNode().put("turns", 1);
                return TestWebhook.Answer.json(TestWebhook.says("Welcome to space facts. Which planet?", false, attributes));
            }
            int turns = json.path("session").path("sessionAttributes").path("turns").asInt();
            String planet = json.path("request").path("intent").path("slots").path("planet").path("value").asText();
            return TestWebhook.Answer.json(TestWebhook.says(planet + " is a planet, turn " + (turns + 1), true, null));
        });
        String secret = register("space-facts", url, MODEL);
        assertThat(secret).matches("[A-Za-z0-9_-]{40,}");

        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> launched = say(device, "d-space", "open space facts");
            assertThat(shown(launched)).isEqualTo("Welcome to space facts. Which planet?");
            assertThat(names(launched)).contains("Clova.StartExtension", "SpeechRecognizer.ExpectSpeech")
                    .doesNotContain("Clova.FinishExtension");
            assertThat(SpokenRequests.directive(launched, "Clova.StartExtension").payload().path("extension").asText())
                    .isEqualTo("space-facts");
            TestWebhook.Received launch = webhook.at("/space").get(0);
            assertThat(launch.type()).isEqualTo("LaunchRequest");
            assertThat(launch.signatureValid()).isTrue();
            assertThat(launch.json().path("version").asText()).isEqualTo("1.0");
            assertThat(launch.json().path("session").path("new").asBoolean()).isTrue();
            assertThat(launch.json().path("context").path("System").path("application").path("applicationId").asText())
                    .isEqualTo("space-facts");
            assertThat(launch.json().path("context").path("System").path("device").path("deviceId").asText())
                    .isEqualTo(device.deviceId());

            // the follow-up under the ExpectSpeech's dialogRequestId goes to the extension, synonym resolved
            List<Directive> fact = say(device, "d-space", "the red planet");
            assertThat(shown(fact)).isEqualTo("mars is a planet, turn 2");
            assertThat(names(fact)).contains("Clova.FinishExtension").doesNotContain("SpeechRecognizer.ExpectSpeech");
            TestWebhook.Received turn = webhook.at("/space").get(1);
            assertThat(turn.type()).isEqualTo("IntentRequest");
            assertThat(turn.signatureValid()).isTrue();
            assertThat(turn.json().path("session").path("new").asBoolean()).isFalse();
            assertThat(turn.json().path("session").path("sessionId").asText())
                    .isEqualTo(launch.json().path("session").path("sessionId").asText());
            assertThat(turn.json().path("request").path("intent").path("name").asText()).isEqualTo("GetFact");

            // "ask NAME ..." sends the intent at once
            List<Directive> asked = say(device, "d-ask", "ask space facts about venus");
            assertThat(shown(asked)).isEqualTo("venus is a planet, turn 1");
            TestWebhook.Received direct = webhook.at("/space").get(2);
            assertThat(direct.json().path("session").path("new").asBoolean()).isTrue();
            assertThat(names(asked)).contains("Clova.StartExtension", "Clova.FinishExtension");
        }
    }

    @Test
    void slotsOfEveryBuiltInTypeAreTypedAndNormalised() throws Exception {
        String url = webhook.serve("/booking", json -> TestWebhook.Answer.json(TestWebhook.says("Booked.", true, null)));
        register("booking", url, invocationModel("trip planner"));
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> answer = say(device, "d-book",
                    "ask trip planner to book three seats to paris for bob on friday at 7 pm for two hours");
            assertThat(shown(answer)).isEqualTo("Booked.");
        }
        ObjectNode slots = (ObjectNode) webhook.at("/booking").get(0).json().path("request").path("intent").path("slots");
        assertThat(slots.path("count").path("value").asText()).isEqualTo("3");
        assertThat(slots.path("city").path("value").asText()).isEqualTo("paris");
        assertThat(slots.path("who").path("value").asText()).isEqualTo("bob");
        assertThat(slots.path("at").path("value").asText()).isEqualTo("19:00:00");
        assertThat(slots.path("at").path("valueType").asText()).isEqualTo("TIME");
        assertThat(slots.path("length").path("value").asText()).isEqualTo("PT2H");
        assertThat(slots.path("day").path("valueType").asText()).isEqualTo("DATE");
        assertThat(LocalDate.parse(slots.path("day").path("value").asText()).getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
    }

    @Test
    void stopInAnOpenSessionSendsSessionEndedRequest() throws Exception {
        String url = webhook.serve("/quiz", json -> TestWebhook.Answer.json(TestWebhook.says("First question?", false, null)));
        register("quiz", url, invocationModel("space quiz"));
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(shown(say(device, "d-quiz", "open space quiz"))).isEqualTo("First question?");
            List<Directive> stopped = say(device, "d-quiz", "stop");
            assertThat(shown(stopped)).isEqualTo("Okay, never mind.");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> webhook.at("/quiz").size() == 2);
        TestWebhook.Received ended = webhook.at("/quiz").get(1);
        assertThat(ended.type()).isEqualTo("SessionEndedRequest");
        assertThat(ended.signatureValid()).isTrue();
        assertThat(ended.json().path("session").path("sessionId").asText())
                .isEqualTo(webhook.at("/quiz").get(0).json().path("session").path("sessionId").asText());
    }

    @Test
    void aSessionTheDeviceStoppedListeningToEndsWithSessionEndedRequest() throws Exception {
        String url = webhook.serve("/idle", json -> TestWebhook.Answer.json(TestWebhook.says("Anything else?", false, null)));
        register("idle", url, invocationModel("idle facts"));
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(shown(say(device, "d-idle", "open idle facts"))).isEqualTo("Anything else?");
            assertThat(device.send("SpeechRecognizer", "ExpectSpeechTimedOut", "d-idle", TestDevice.payload()).status())
                    .isEqualTo(204);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> webhook.at("/idle").size() == 2);
        assertThat(webhook.at("/idle").get(1).type()).isEqualTo("SessionEndedRequest");
    }

    @Test
    void anExtensionDisabledForOneAccountIsNotReachableFromItAndHearsSo() throws Exception {
        String url = webhook.serve("/private", json -> TestWebhook.Answer.json(TestWebhook.says("Hello from private.", true, null)));
        register("private-facts", url, invocationModel("private facts"));
        String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestDevice alice = cic.newDevice(); TestDevice bobs = cic.deviceOf(bob, "bob's long password", "bob-1")) {
            alice.connect();
            bobs.connect();
            AdminResult disabled = admin("extension-disable", Map.of("name", "private-facts", "user", bob));
            assertThat(disabled.out()).contains("disabled for " + bob);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> webhook.at("/private").stream()
                    .anyMatch(r -> r.type().equals("EventRequest")));
            TestWebhook.Received event = webhook.at("/private").get(0);
            assertThat(event.json().path("request").path("event").path("name").asText()).isEqualTo("SkillDisabled");
            assertThat(event.json().path("request").path("event").path("namespace").asText()).isEqualTo("ClovaSkill");

            assertThat(shown(say(bobs, "d-bob", "open private facts"))).isNotEqualTo("Hello from private.");
            assertThat(shown(say(alice, "d-alice", "open private facts"))).isEqualTo("Hello from private.");
            assertThat(webhook.at("/private").stream().filter(r -> r.type().equals("LaunchRequest"))).hasSize(1);

            admin("extension-enable", Map.of("name", "private-facts", "user", bob));
            assertThat(shown(say(bobs, "d-bob-2", "open private facts"))).isEqualTo("Hello from private.");
        }
    }

    @Test
    void aSampleSaidWithoutTheNameReachesTheOneExtensionItFitsButBuiltInPhrasesStayBuiltIn() throws Exception {
        String url = webhook.serve("/moon", json -> TestWebhook.Answer.json(TestWebhook.says("Full moon.", true, null)));
        register("moon", url, """
                {"invocation": "moon facts",
                 "intents": [{"name": "PointTelescope", "slots": {"body": "BODY"},
                              "samples": ["point the telescope at {body}"]}],
                 "slotTypes": {"BODY": ["mars", {"value": "moon", "synonyms": ["the moon", "luna"]}]}}
                """);
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(shown(say(device, "d-time", "what time is it"))).startsWith("It's ");
            assertThat(webhook.at("/moon")).isEmpty();
            List<Directive> answer = say(device, "d-moon", "point the telescope at luna");
            assertThat(shown(answer)).isEqualTo("Full moon.");
        }
        TestWebhook.Received asked = webhook.at("/moon").get(0);
        assertThat(asked.type()).isEqualTo("IntentRequest");
        assertThat(asked.json().at("/request/intent/name").asText()).isEqualTo("PointTelescope");
        assertThat(asked.json().at("/request/intent/slots/body/value").asText()).isEqualTo("moon");
        assertThat(asked.json().at("/session/new").asBoolean()).isTrue();
    }

    @Test
    void theUserIdIsStablePerExtensionAndNotTheAccountId() {
        assertThat(CekRequests.userId("a", "acc")).isEqualTo(CekRequests.userId("a", "acc"))
                .isNotEqualTo(CekRequests.userId("b", "acc")).doesNotContain("acc");
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
