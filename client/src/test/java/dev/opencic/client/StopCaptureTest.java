package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.client.agent.SpeechRecognizerAgent;
import dev.opencic.protocol.Directive;
import dev.opencic.server.api.Reply;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.CountingAudioHandler;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code StopCapture} pushed on the downchannel for the dialog of an open {@link AudioSink} ends
 * its upload: the app's later writes never reach the server, and the answer still arrives although
 * the app never closes the sink.
 */
class StopCaptureTest {

    static final int STOP_AFTER_CHUNKS = 3;
    /** Pushes StopCapture on the downchannel once 3 chunks arrived; answers at the end of the audio. */
    static final CountingAudioHandler counter = new CountingAudioHandler((request, requestBytes) -> {
        if (requestBytes < STOP_AFTER_CHUNKS * (long) AudioSink.CHUNK_BYTES) {
            return false;
        }
        StopCaptureTest.cic.server().pusher().push(request.device(),
                Reply.of(Directive.of("SpeechRecognizer", "StopCapture", request.dialogRequestId())));
        return true;
    });

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> {}, List.of(counter));

    @Test
    void writesAfterStopCaptureAreIgnoredAndTheAnswerStillArrives() throws Exception {
        counter.reset();
        CountDownLatch stopCapture = new CountDownLatch(1);
        SpeechRecognizerAgent recognizer = new SpeechRecognizerAgent() {
            @Override
            protected void onStopCapture(ReceivedDirective directive, AgentHost client) {
                stopCapture.countDown();
            }
        };
        try (CicClient client = Clients.started(cic, b -> b.agent(recognizer))) {
            AudioSink sink = client.startRecognize();
            byte[] chunk = new byte[AudioSink.CHUNK_BYTES];
            for (int i = 0; i < STOP_AFTER_CHUNKS; i++) {
                sink.write(chunk);
            }
            assertThat(stopCapture.await(5, TimeUnit.SECONDS)).as("the agent still sees StopCapture").isTrue();

            // an app that keeps streaming: nothing more is sent, nothing throws
            for (int i = 0; i < 5; i++) {
                sink.write(chunk);
            }
            // and no sink.close(): the SDK already ended the upload
            EventResponse response = sink.response().get(5, TimeUnit.SECONDS);

            long expected = STOP_AFTER_CHUNKS * (long) AudioSink.CHUNK_BYTES;
            assertThat(counter.bytes.get()).isEqualTo(expected);
            assertThat(response.directives()).singleElement().satisfies(d ->
                    assertThat(PayloadJson.of(d).get("text").asText()).isEqualTo("heard " + expected + " bytes"));
            sink.write(chunk);
            sink.close(); // a no-op now
            assertThat(counter.bytes.get()).isEqualTo(expected);
        }
    }
}
