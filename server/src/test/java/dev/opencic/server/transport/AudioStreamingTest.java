package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.CountingAudioHandler;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audio part reaches the handler chunk by chunk while the device is still uploading. The
 * handler here only counts bytes; it stands in for a recognition engine so the transport's
 * streaming can be observed on its own.
 */
class AudioStreamingTest {

    static final CountingAudioHandler counter = new CountingAudioHandler();

    /** A handler with a bug: the device must see a plain 500, the server must go on. */
    static final class FaultyHandler implements NamespaceHandler {
        @Override
        public String namespace() {
            return "Clova";
        }

        @Override
        public Set<String> eventNames() {
            return Set.of("ProcessDelegatedEvent");
        }

        @Override
        public CompletableFuture<Reply> handle(EventRequest request) {
            throw new IllegalStateException("bug: secret internal detail");
        }
    }

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.maxEventBytes(256 * 1024),
            server -> server.replace(counter.namespace(), counter).replace("Clova", new FaultyHandler()));

    @Test
    void audioSentIn200msChunksOverSecondsIsConsumedAsItArrives() throws Exception {
        counter.reset();
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            TestDevice.StreamingEvent event = device.startEvent(TestDevice.metadata("SpeechRecognizer", "Recognize",
                    "dialog-audio", TestDevice.payload().put("format", "AUDIO_L16_RATE_16000_CHANNELS_1")));
            byte[] chunk = new byte[6400]; // 200 ms of 16 kHz 16-bit mono
            long[] sentAt = new long[15];
            for (int i = 0; i < 15; i++) {
                sentAt[i] = System.nanoTime();
                event.writeAudio(chunk);
                int expected = i + 1;
                // the server has this chunk before the device sends the next one
                await().atMost(Duration.ofSeconds(2)).until(() -> counter.bytes.get() >= expected * 6400L);
                Thread.sleep(200);
            }
            assertThat(counter.arrivals.get(0)).isLessThan(sentAt[1]);
            event.finish();
            StreamedParts res = event.response();
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.next().directive().payload().get("text").asText()).isEqualTo("heard 96000 bytes");
            assertThat(counter.arrivals.size()).isGreaterThanOrEqualTo(15);
        }
    }

    @Test
    void aClientAbortingMidStreamReachesTheHandlerAsAnError() throws Exception {
        counter.reset();
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            TestDevice.StreamingEvent event = device.startEvent(TestDevice.metadata("SpeechRecognizer", "Recognize",
                    "dialog-abort", TestDevice.payload()));
            event.writeAudio(new byte[3200]);
            await().atMost(Duration.ofSeconds(5)).until(() -> counter.bytes.get() > 0);
            event.abort();
            await().atMost(Duration.ofSeconds(5)).until(() -> counter.failure.get() != null);
            // and the device's connection still serves requests
            StreamedParts ok = device.send("SpeechSynthesizer", "SpeechStarted", null,
                    TestDevice.payload().put("token", "t"));
            assertThat(ok.status()).isEqualTo(204);
        }
    }

    @Test
    void anUploadThatGrowsPastTheLimitWhileStreamingIs413AndTheHandlerIsTold() throws Exception {
        counter.reset();
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            TestDevice.StreamingEvent event = device.startEvent(TestDevice.metadata("SpeechRecognizer", "Recognize",
                    "dialog-big", TestDevice.payload()));
            for (int i = 0; i < 50; i++) {
                event.writeAudio(new byte[8192]);
            }
            StreamedParts res = event.response();
            EventErrorsTest.assertRejected(res, 413, "exceeds 262144 bytes");
            await().atMost(Duration.ofSeconds(5)).until(() -> counter.failure.get() != null);
        }
    }

    @Test
    void aHandlerFaultIsA500WithoutInternalsAndTheConnectionSurvives() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            StreamedParts res = device.send("Clova", "ProcessDelegatedEvent", "d-fault", TestDevice.payload());
            assertThat(res.status()).isEqualTo(500);
            String description = Json.of(res.next()).at("/payload/description").asText();
            assertThat(description).isEqualTo("internal server error");
            StreamedParts after = device.send("SpeechSynthesizer", "SpeechStarted", null,
                    TestDevice.payload().put("token", "t"));
            assertThat(after.status()).isEqualTo(204);
        }
    }
}
