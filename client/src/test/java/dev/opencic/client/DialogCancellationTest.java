package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.agent.ClovaAgent;
import dev.opencic.protocol.Directive;
import dev.opencic.server.api.Reply;
import dev.opencic.server.testing.CicServerExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request A, then request B before A's directives were processed: A's are dropped, B's handled.
 * A slow agent (a pushed Clova.Help it blocks on) holds the dialog queue meanwhile.
 */
class DialogCancellationTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    @Test
    void theDirectivesOfAnOlderRequestAreDroppedWhenANewerOneIsSent() throws Exception {
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> shown = new CopyOnWriteArrayList<>();
        ClovaAgent clova = new ClovaAgent() {
            @Override
            protected void onHelp(ReceivedDirective d, AgentHost client) throws InterruptedException {
                blocking.countDown();
                release.await(10, TimeUnit.SECONDS);
            }

            @Override
            protected void onRenderText(ReceivedDirective d, AgentHost client) {
                shown.add(d.dialogRequestId());
            }
        };
        RecordingDirectiveListener listener = new RecordingDirectiveListener();
        try (CicClient client = Clients.started(cic, b -> b.agent(clova).directiveListener(listener))) {
            cic.server().pusher().push(Clients.identity(cic, client), Reply.of(Directive.of("Clova", "Help", null)))
                    .get(5, TimeUnit.SECONDS);
            assertThat(blocking.await(5, TimeUnit.SECONDS)).isTrue();

            EventResponse a = client.recognizeText("hello").get(20, TimeUnit.SECONDS);
            EventResponse b = client.recognizeText("what time is it").get(20, TimeUnit.SECONDS);
            release.countDown();
            b.processed().get(10, TimeUnit.SECONDS);
            a.processed().get(10, TimeUnit.SECONDS);

            assertThat(a.directives()).isNotEmpty();
            assertThat(listener.dropped).containsExactlyElementsOf(a.directives());
            assertThat(shown).containsExactly(b.dialogRequestId());
            assertThat(client.currentDialogRequestId()).isEqualTo(b.dialogRequestId());
        }
    }
}
