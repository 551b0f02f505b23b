package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.client.agent.SpeechSynthesizerAgent;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import dev.opencic.server.testing.CicServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Playback reports are not lost when a program closes right after {@link
 * EventResponse#processed()}. The server answers each report only after 300 ms, so when the Speak
 * has been handled, SpeechStarted is still unanswered and SpeechFinished not even sent.
 */
class SpeechReportsTest {

    static final List<String> reports = new CopyOnWriteArrayList<>();

    /** Records SpeechSynthesizer reports and answers them slowly. */
    static final class SlowReports implements NamespaceHandler {
        @Override
        public String namespace() {
            return "SpeechSynthesizer";
        }

        @Override
        public Set<String> eventNames() {
            return Set.of("SpeechStarted", "SpeechFinished", "SpeechStopped");
        }

        @Override
        public CompletableFuture<Reply> handle(EventRequest request) {
            return CompletableFuture.supplyAsync(() -> {
                reports.add(request.event().header().name());
                return Reply.empty();
            }, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        }
    }

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> {}, List.of(new SlowReports()));

    @BeforeEach
    void clear() {
        reports.clear();
    }

    @Test
    void closeRightAfterProcessedStillDeliversBothReports() throws Exception {
        SpeechSynthesizerAgent speech = new SpeechSynthesizerAgent((audio, format, token) -> {});
        CicClient client = Clients.started(cic, b -> b.agent(speech));
        EventResponse response = client.recognizeText("what time is it").get(20, TimeUnit.SECONDS);
        response.processed().get(10, TimeUnit.SECONDS);
        assertThat(reports).isEmpty(); // nothing answered yet: the test would pass trivially otherwise

        long t0 = System.nanoTime();
        client.close();

        assertThat(reports).containsExactly("SpeechStarted", "SpeechFinished");
        assertThat(speech.reportsSent()).isCompleted();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void reportsSentCompletesOnceTheServerAnsweredEveryReport() throws Exception {
        SpeechSynthesizerAgent speech = new SpeechSynthesizerAgent((audio, format, token) -> {});
        try (CicClient client = Clients.started(cic, b -> b.agent(speech))) {
            client.recognizeText("what time is it").get(20, TimeUnit.SECONDS).processed().get(10, TimeUnit.SECONDS);
            CompletableFuture<Void> sent = speech.reportsSent();
            assertThat(sent).isNotDone();
            sent.get(5, TimeUnit.SECONDS);
            assertThat(reports).containsExactly("SpeechStarted", "SpeechFinished");
        }
    }
}
