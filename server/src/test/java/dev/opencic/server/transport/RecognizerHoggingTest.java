package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.SpokenRequests;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recognisers nobody can hog, with the real recogniser over HTTP/2: uploads that trickle are ended
 * (and give their recogniser back) so another device still gets its answer, and the per-device
 * share of spoken requests stops one device, not a household.
 */
class RecognizerHoggingTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(2)
            .asrMaxWait(Duration.ofSeconds(20)).asrRateGrace(Duration.ofMillis(300)).asrPerDevice(1));

    @BeforeAll
    static void engines() {
        Engines.requirePocketSphinxModel();
    }

    static byte[] recognize() {
        return TestDevice.metadata("SpeechRecognizer", "Recognize", MessageIds.newId(), TestDevice.payload()
                .put("lang", "en").put("profile", "CLOSE_TALK").put("format", "AUDIO_L16_RATE_16000_CHANNELS_1"));
    }

    @Test
    void twoTricklingUploadsAreEndedAndAnotherDevicesSpokenRequestIsAnswered() throws Exception {
        try (TestDevice slow1 = cic.newDevice(); TestDevice slow2 = cic.newDevice(); TestDevice user = cic.newDevice()) {
            slow1.connect();
            slow2.connect();
            user.connect();
            TestDevice.StreamingEvent trickle1 = slow1.startEvent(recognize());
            TestDevice.StreamingEvent trickle2 = slow2.startEvent(recognize());
            trickle1.writeAudio(new byte[32]); // 1 ms of audio, then nothing
            trickle2.writeAudio(new byte[32]);

            List<Directive> answer = SpokenRequests.ask(user, "what time is it");
            assertThat(SpokenRequests.directive(answer, "Clova.RenderText").payload().path("text").asText())
                    .startsWith("It's ");

            for (TestDevice.StreamingEvent trickle : List.of(trickle1, trickle2)) {
                StreamedParts res = trickle.response();
                assertThat(res.status()).isEqualTo(408);
                JsonNode exception = MessageCodec.mapper().readTree(res.next().body());
                assertThat(exception.at("/payload/description").asText())
                        .contains("of real time").doesNotContain("\tat ");
                trickle.abort();
            }
        }
    }

    @Test
    void twoDevicesOfOneAccountSpeakAtOnceButOneDeviceGetsOneRecognizer() throws Exception {
        byte[] pcm = SpokenRequests.speak("what time is it");
        try (TestDevice kitchen = cic.newDevice(); TestDevice bedroom = cic.newDevice()) {
            kitchen.connect();
            bedroom.connect();
            TestDevice.StreamingEvent fromKitchen = kitchen.startEvent(recognize());
            TestDevice.StreamingEvent fromBedroom = bedroom.startEvent(recognize());

            // The kitchen speaker asks again while its first request is still uploading.
            StreamedParts second = kitchen.send(recognize());
            assertThat(second.status()).isEqualTo(429);
            assertThat(second.headers().get("retry-after")).isEqualTo("1");
            JsonNode exception = MessageCodec.mapper().readTree(second.next().body());
            assertThat(exception.at("/payload/description").asText()).contains("spoken request in progress");

            // Both uploads in progress at once, interleaved chunk by chunk.
            for (int off = 0; off < pcm.length; off += 6400) {
                byte[] chunk = Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + 6400));
                fromKitchen.writeAudio(chunk);
                fromBedroom.writeAudio(chunk);
            }
            fromKitchen.finish();
            fromBedroom.finish();
            for (TestDevice.StreamingEvent event : List.of(fromKitchen, fromBedroom)) {
                List<Directive> answer = event.response().directives();
                assertThat(SpokenRequests.directive(answer, "Clova.RenderText").payload().path("text").asText())
                        .startsWith("It's ");
            }
            // and once the first is answered, the kitchen may speak again
            assertThat(SpokenRequests.directive(SpokenRequests.ask(kitchen, "what time is it"), "Clova.RenderText")
                    .payload().path("text").asText()).startsWith("It's ");
        }
    }
}
