package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.client.agent.SpeechRecognizerAgent;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.SpokenRequests;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code SpeechRecognizer.KeepRecording} through the SDK against the in-process server with the real
 * recogniser: a spoken pause after "remind me to" reaches the agent's {@code onKeepRecording} while
 * the upload stays open, the words after the pause still reach the server, and the answer comes.
 */
class KeepRecordingSdkTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1));

    @BeforeAll
    static void engines() {
        Engines.requirePocketSphinxModel();
    }

    @Test
    void keepRecordingReachesTheAgentAndTheUploadGoesOnToTheAnswer() throws Exception {
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        audio.write(new byte[32 * 500]);
        audio.write(SpokenRequests.pcm("slt", "remind me to"));
        audio.write(new byte[32 * 1500]);
        audio.write(SpokenRequests.pcm("slt", "call my mother"));
        audio.write(new byte[32 * 2500]);
        byte[] pcm = audio.toByteArray();
        List<String> seen = new CopyOnWriteArrayList<>();
        SpeechRecognizerAgent recognizer = new SpeechRecognizerAgent() {
            @Override
            protected void onKeepRecording(ReceivedDirective directive, AgentHost host) {
                seen.add("KeepRecording:" + directive.dialogRequestId());
            }

            @Override
            protected void onStopCapture(ReceivedDirective directive, AgentHost host) {
                seen.add("StopCapture:" + PayloadJson.of(directive).path("recognizedText").asText());
            }
        };
        try (CicClient client = Clients.started(cic, b -> b.agent(recognizer))) {
            AudioSink sink = client.startRecognize();
            for (int off = 0; off < pcm.length; off += AudioSink.CHUNK_BYTES) {
                sink.write(Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + AudioSink.CHUNK_BYTES)));
            }
            sink.close();
            EventResponse response = sink.response().get(60, TimeUnit.SECONDS);
            response.processed().get(30, TimeUnit.SECONDS);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> seen.stream().anyMatch(s -> s.startsWith("StopCapture:")));
            assertThat(seen.get(0)).isEqualTo("KeepRecording:" + sink.dialogRequestId());
            // the words after the pause were heard: the upload was not ended at the pause
            assertThat(seen.get(1)).startsWith("StopCapture:remind me to call");
            assertThat(response.directives()).extracting(ReceivedDirective::name).contains("Speak");
        }
    }
}
