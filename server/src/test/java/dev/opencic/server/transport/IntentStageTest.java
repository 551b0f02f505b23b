package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.admission.Stage;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The intent-and-skill stage with one thread and no queue, held by a handler waiting at a gate in
 * its blocking work: a memo event that needs the stage is refused with {@code 503} and
 * {@code Retry-After} and the memo is not saved; an event that needs no blocking work is answered.
 */
class IntentStageTest {

    /** {@code LoadTest.Hold}: blocking work that waits at the gate. */
    static final class HoldHandler implements NamespaceHandler {
        volatile CountDownLatch gate = new CountDownLatch(1);

        @Override
        public String namespace() {
            return "LoadTest";
        }

        @Override
        public Set<String> eventNames() {
            return Set.of("Hold");
        }

        @Override
        public CompletableFuture<Reply> handle(EventRequest request) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Reply.empty();
            }, request.blockingExecutor());
        }
    }

    static final HoldHandler hold = new HoldHandler();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.intentThreads(1).intentQueue(0),
            builder -> builder.handler(hold));

    @Test
    void aFullIntentStageRefusesAMemoBeforeSavingItAndAnswersCheapEvents() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            Stage intent = cic.server().intentStage();
            CompletableFuture<StreamedParts> holding = CompletableFuture.supplyAsync(() -> {
                try {
                    return device.send("LoadTest", "Hold", MessageIds.newId(), TestDevice.payload());
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            await().until(() -> intent.admitted() == 1);

            String id = UUID.randomUUID().toString();
            StreamedParts refused = device.send("Memo", "Created", MessageIds.newId(),
                    TestDevice.payload().put("id", id).put("content", "buy more tulips"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.headers().get("retry-after")).matches("[1-9][0-9]*");
            JsonNode exception = MessageCodec.mapper().readTree(refused.next().body());
            assertThat(exception.at("/payload/description").asText()).startsWith("intent is busy");

            // A playback report needs no blocking work: answered while the stage is full.
            StreamedParts report = device.send("SpeechSynthesizer", "SpeechStarted", null,
                    TestDevice.payload().put("token", "unknown-token"));
            assertThat(report.status()).isEqualTo(204);

            hold.gate.countDown();
            assertThat(holding.join().status()).isEqualTo(204);
            await().until(() -> intent.admitted() == 0);
            StreamedParts list = device.send("Memo", "Get", MessageIds.newId(), TestDevice.payload());
            List<String> ids = new java.util.ArrayList<>();
            list.next().directive().payload().path("memo").forEach(m -> ids.add(m.path("id").asText()));
            assertThat(ids).doesNotContain(id);
        }
    }
}
