package dev.opencic.server.dialog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.SpokenRequests;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code asr-adaptation}: end to end over HTTP/2, the recogniser keeps the spoken requests a skill
 * acted on and adapts to the device once enough came; what it did not understand is not kept.
 */
class SpokenAdaptationTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1).asrAdaptation(3));

    @Test
    void theRecogniserAdaptsToADeviceFromTheRequestsItActedOn() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            // not understood: answered, not kept
            List<Directive> notUnderstood = SpokenRequests.ask(device, "colorless green ideas sleep furiously");
            assertThat(text(notUnderstood)).doesNotStartWith("It's");
            assertThat(counter("cic_asr_adaptation_utterances_total", "kept")).isZero();

            for (int i = 0; i < 3; i++) {
                List<Directive> answer = SpokenRequests.ask(device, "what time is it");
                assertThat(text(answer)).startsWith("It's ");
            }
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                assertThat(counter("cic_asr_adaptation_runs_total", "adapted")).isEqualTo(1);
                assertThat(cic.metrics()).containsPattern("(?m)^cic_asr_adaptation_devices(\\{[^}]*\\})? 1\\.0$");
            });
            assertThat(counter("cic_asr_adaptation_utterances_total", "kept")).isEqualTo(3);
            // the adapted device is still understood
            assertThat(text(SpokenRequests.ask(device, "what time is it"))).startsWith("It's ");
        }
    }

    private static String text(List<Directive> answer) {
        return SpokenRequests.directive(answer, "Clova.RenderText").payload().path("text").asText();
    }

    private static double counter(String name, String outcome) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*outcome=\"" + outcome + "\"[^}]*\\} (\\S+)$")
                .matcher(cic.metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
