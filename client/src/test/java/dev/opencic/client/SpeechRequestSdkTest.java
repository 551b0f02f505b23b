package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.opencic.client.agent.SpeechSynthesizerAgent;
import dev.opencic.server.testing.CicServerExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code SpeechSynthesizer.Request} through the SDK: the server's Speak is played by the agent. */
class SpeechRequestSdkTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @Test
    void aRequestedTextComesBackAsSpeechThatTheAgentPlays() throws Exception {
        List<String> played = new CopyOnWriteArrayList<>();
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        SpeechSynthesizerAgent speech = new SpeechSynthesizerAgent((audio, format, token) -> {
            played.add(format);
            sizes.add(audio.bytes().length);
        });
        try (CicClient client = Clients.started(cic, b -> b.agent(speech))) {
            EventResponse r = speech.request("Make me an audio file", "en").get(20, TimeUnit.SECONDS);
            r.processed().get(10, TimeUnit.SECONDS);

            assertThat(r.directives()).extracting(ReceivedDirective::name).containsExactly("Speak");
            assertThat(played).containsExactly("AUDIO_MPEG");
            assertThat(sizes.get(0)).isGreaterThan(1000);
            speech.reportsSent().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBlankTextIsABadRequest() throws Exception {
        SpeechSynthesizerAgent speech = new SpeechSynthesizerAgent((audio, format, token) -> {});
        try (CicClient client = Clients.started(cic, b -> b.agent(speech))) {
            Throwable failure = catchThrowable(() -> speech.request(" ", "en").get(20, TimeUnit.SECONDS));

            assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(CicException.class);
            assertThat(((CicException) failure.getCause()).httpStatus()).isEqualTo(400);
        }
    }
}
