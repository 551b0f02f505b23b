package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.CountingAudioHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Audio written into the {@link AudioSink} reaches the server while the app is still writing, in
 * 200 ms chunks. The server's recogniser is replaced by a handler that counts bytes as they arrive.
 */
class AudioStreamingTest {

    static final CountingAudioHandler counter = new CountingAudioHandler();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> {}, List.of(counter));

    @Test
    void audioReachesTheServerWhileTheAppIsStillWriting() throws Exception {
        counter.reset();
        try (CicClient client = Clients.started(cic, b -> b.contextProvider(new dev.opencic.client.context.VolumeStateContext(7)))) {
            AudioSink sink = client.startRecognize();
            byte[] tenMs = new byte[320];
            for (int chunk = 1; chunk <= 10; chunk++) {
                for (int i = 0; i < 20; i++) {
                    sink.write(tenMs); // 200 ms of audio in 10 ms pieces, as a microphone delivers it
                }
                long expected = chunk * (long) AudioSink.CHUNK_BYTES;
                // the server has this chunk before the app writes the next one
                await().atMost(Duration.ofSeconds(3)).until(() -> counter.bytesOf(sink.dialogRequestId()) >= expected);
                Thread.sleep(50);
            }
            sink.write(new byte[100]);
            assertThat(sink.response()).isNotDone();
            sink.close();

            EventResponse response = sink.response().get(10, TimeUnit.SECONDS);
            // counted by dialogRequestId: the other test's cancelled request may still be read after reset()
            assertThat(counter.bytesOf(sink.dialogRequestId())).isEqualTo(10L * AudioSink.CHUNK_BYTES + 100);
            assertThat(response.directives()).singleElement().satisfies(d ->
                    assertThat(PayloadJson.of(d).get("text").asText()).isEqualTo("heard " + (10L * AudioSink.CHUNK_BYTES + 100) + " bytes"));
            assertThat(response.dialogRequestId()).isEqualTo(sink.dialogRequestId());
            assertThat(counter.requestOf(sink.dialogRequestId()).event().payload().toString()).contains("AUDIO_L16_RATE_16000_CHANNELS_1");
            assertThat(counter.requestOf(sink.dialogRequestId()).event().context()).singleElement().satisfies(c -> {
                assertThat(c.header().qualifiedName()).isEqualTo("Speaker.VolumeState");
                assertThat(c.payload().get("volume").asInt()).isEqualTo(7);
            });
        }
    }

    @Test
    void cancelAbortsTheRequest() throws Exception {
        try (CicClient client = Clients.started(cic, b -> {})) {
            AudioSink sink = client.startRecognize();
            sink.write(new byte[AudioSink.CHUNK_BYTES]);
            sink.cancel();
            assertThat(sink.response()).failsWithin(Duration.ofSeconds(5));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sink.write(new byte[10]))
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}
