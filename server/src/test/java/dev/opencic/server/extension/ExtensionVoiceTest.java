package dev.opencic.server.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.SpokenRequests;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Voice launch without a restart: an extension registered while the server runs joins the
 * recogniser's language model (rebuilt in the background), and "please open zorblax" spoken by
 * flite reaches it. "zorblax" is in no dictionary: before the registration the recogniser could not
 * have heard it at all.
 */
class ExtensionVoiceTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1)
            .extensionTimeout(Duration.ofMillis(1500)));

    static TestWebhook webhook;

    @BeforeAll
    static void startWebhook() throws Exception {
        Engines.requireRecognizer(cic.server().asr());
        String pem = cic.client().get(PlatformKey.PUBLIC_KEY_PATH).aggregate().join().contentUtf8();
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""))));
        webhook = new TestWebhook(key);
    }

    @AfterAll
    static void stopWebhook() {
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    void anExtensionRegisteredWhileRunningIsLaunchedByVoice() throws Exception {
        String url = webhook.serve("/zorblax", json -> TestWebhook.Answer.json(
                TestWebhook.says("Zorblax here.", true, null)));
        assertThat(cic.metrics()).containsPattern("cic_asr_language_model_generation\\{[^}]*\\} 0\\.0");
        ExtensionDialogTest.cic_register(cic, "zorblax", url,
                ExtensionDialogTest.MODEL.replace("space facts", "zorblax"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(cic.metrics()).containsPattern("cic_asr_language_model_generation\\{[^}]*\\} 1\\.0"));
        try (TestDevice device = cic.newDevice()) {
            StreamedParts down = device.connect();
            // the recogniser learns a new device's microphone from its first utterance (ChannelMeans)
            SpokenRequests.ask(device, "what time is it");
            heard(down);
            // "please": a bare "open" first in flite's voice is heard as "bell ten" (see the README)
            List<Directive> answer = SpokenRequests.ask(device, "please open zorblax");
            assertThat(heard(down)).isEqualTo("please open zorblax");
            assertThat(SpokenRequests.directive(answer, "Clova.StartExtension").payload().path("extension").asText())
                    .isEqualTo("zorblax");
            assertThat(ExtensionDialogTest.shown(answer)).isEqualTo("Zorblax here.");
        }
        assertThat(webhook.at("/zorblax")).extracting(TestWebhook.Received::type).containsExactly("LaunchRequest");
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
}
