package dev.opencic.examples.spacefacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.server.admin.AdminClient;
import dev.opencic.server.admin.AdminResult;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.SpokenRequests;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The extension built with LINE's SDK, unchanged but for the public key, against a real OpenCIC
 * server in this JVM: registered through the admin route, launched by text and by voice, a multi-turn session
 * whose attributes the SDK keeps, slots of every built-in type converted by the SDK, the signature
 * verified by the SDK itself (and refused with another key), and {@code SessionEndedRequest} on "stop".
 */
class SdkExtensionTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1));

    @TempDir
    static Path dir;

    static ConfigurableApplicationContext extension;
    static ConfigurableApplicationContext wrongKeyExtension;

    static {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    }

    static ConfigurableApplicationContext start(Path publicKey, String registeredAs) {
        // As a user would start it: command-line properties override application.properties.
        return new SpringApplicationBuilder(SpaceFactsApplication.class).run("--server.port=0",
                "--cek.verifier.signature.public-key=file:" + publicKey, "--cek.verifier.extension-id.id=" + registeredAs);
    }

    static String url(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort() + "/";
    }

    @BeforeAll
    static void startExtensions() throws Exception {
        String pem = cic.client().get("/extensions/public-key.pem").aggregate().join().contentUtf8();
        extension = start(Files.writeString(dir.resolve("platform.pem"), pem), "space-facts");
        var other = KeyPairGenerator.getInstance("RSA");
        other.initialize(2048);
        String otherPem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                other.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        wrongKeyExtension = start(Files.writeString(dir.resolve("other.pem"), otherPem), "wrong-key-facts");

        AdminResult added = admin("extension-add", Map.of("name", "space-facts", "url", url(extension), "model", MODEL));
        assertThat(added.exitCode()).as(added.err()).isZero();
    }

    static final String MODEL = readModel();

    static String readModel() {
        try {
            return Files.readString(Path.of("model.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopExtensions() {
        if (extension != null) {
            extension.close();
        }
        if (wrongKeyExtension != null) {
            wrongKeyExtension.close();
        }
    }

    static AdminResult admin(String command, Map<String, ?> arguments) throws Exception {
        return AdminClient.find(cic.server().config().dataDir()).orElseThrow().run(command, arguments).orElseThrow();
    }

    static String shown(TestDevice device, String dialogRequestId, String words) throws Exception {
        List<Directive> answer = device.send("TextRecognizer", "Recognize", dialogRequestId,
                TestDevice.payload().put("text", words)).directives();
        return answer.stream().filter(d -> d.name().equals("RenderText")).findFirst()
                .map(d -> d.payload().path("text").asText()).orElse("");
    }

    @Test
    void theSdkExtensionRunsUnchangedAgainstOurPlatform() throws Exception {
        SpaceFactsHandler handler = extension.getBean(SpaceFactsHandler.class);
        int endedBefore = handler.sessionsEnded();

        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(shown(device, "d-1", "open space facts")).isEqualTo("Welcome to space facts. Which planet?");
            assertThat(shown(device, "d-1", "the red planet"))
                    .isEqualTo("Mars has the tallest volcano in the solar system. That was fact 1. Another planet?");
            assertThat(shown(device, "d-1", "venus"))
                    .isEqualTo("A day on Venus is longer than its year. That was fact 2. Another planet?");
            assertThat(shown(device, "d-1", "stop")).isEqualTo("Okay, never mind.");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> handler.sessionsEnded() == endedBefore + 1);

            assertThat(shown(device, "d-2", "ask space facts about venus")).isEqualTo("A day on Venus is longer than its year.");
        }
    }

    @Test
    void theSdkExtensionIsLaunchedByVoice() throws Exception {
        Engines.requireRecognizer(cic.server().asr());
        SpaceFactsHandler handler = extension.getBean(SpaceFactsHandler.class);
        // the registration in startExtensions() rebuilds the recogniser's language model in the background
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(cic.metrics()).containsPattern("cic_asr_language_model_generation\\{[^}]*\\} [1-9][0-9]*\\.0"));
        try (TestDevice device = cic.newDevice()) {
            StreamedParts down = device.connect();
            // as in ExtensionVoiceTest: the recogniser learns a new device's microphone from its first
            // utterance, and a bare "open" first in flite's voice is misheard, hence "please"
            SpokenRequests.ask(device, "what time is it");
            heard(down);
            List<Directive> answer = SpokenRequests.ask(device, "d-voice", "please open space facts");
            assertThat(heard(down)).isEqualTo("please open space facts");
            assertThat(SpokenRequests.directive(answer, "Clova.StartExtension").payload().path("extension").asText())
                    .isEqualTo("space-facts");
            assertThat(answer.stream().filter(d -> d.name().equals("RenderText")).findFirst()
                    .map(d -> d.payload().path("text").asText())).contains("Welcome to space facts. Which planet?");

            // the spoken launch opened the SDK's session: a typed follow-up goes on in it, "stop" ends it
            int endedBefore = handler.sessionsEnded();
            assertThat(shown(device, "d-voice", "venus"))
                    .isEqualTo("A day on Venus is longer than its year. That was fact 1. Another planet?");
            assertThat(shown(device, "d-voice", "stop")).isEqualTo("Okay, never mind.");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> handler.sessionsEnded() == endedBefore + 1);
        }
    }

    /** The recognised words, from the StopCapture the downchannel got. */
    static String heard(StreamedParts down) throws Exception {
        for (StreamedParts.Part p; (p = down.poll(Duration.ofSeconds(5))) != null; ) {
            if (p.directive().name().equals("StopCapture")) {
                return p.directive().payload().path("recognizedText").asText();
            }
        }
        return "(no StopCapture)";
    }

    @Test
    void slotsOfEveryBuiltInTypeReachTheSdkTypedAndNormalised() throws Exception {
        SpaceFactsHandler handler = extension.getBean(SpaceFactsHandler.class);
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            String answer = shown(device, "d-book",
                    "ask space facts to book three seats to paris for bob on friday at 7 pm for two hours");
            assertThat(answer).startsWith("Booked 3 seats to paris for bob on ").endsWith(" at 19:00 for PT2H.");
        }
        // what the handler's parameters received: the SDK parsed DATE and TIME by valueType, the number as Integer
        SpaceFactsHandler.Trip trip = handler.lastTrip();
        assertThat(trip).isNotNull();
        assertThat(trip.seats()).isEqualTo(3);
        assertThat(trip.city()).isEqualTo("paris");
        assertThat(trip.who()).isEqualTo("bob");
        assertThat(trip.day().getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
        assertThat(trip.at()).isEqualTo(LocalTime.of(19, 0));
        assertThat(trip.length()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void theSdkRefusesRequestsSignedWithAnotherKey() throws Exception {
        // the same extension verifying with another key refuses our requests: the user hears an apology
        AdminResult added = admin("extension-add", Map.of("name", "wrong-key-facts", "url", url(wrongKeyExtension),
                "model", MODEL.replace("\"space facts\"", "\"wrong key facts\"")));
        assertThat(added.exitCode()).as(added.err()).isZero();
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(shown(device, "d-3", "open wrong key facts")).contains("isn't answering");
        }
    }
}
