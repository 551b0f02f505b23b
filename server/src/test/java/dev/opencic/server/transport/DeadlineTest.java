package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.admission.Stage;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.GatedSynthesis;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The event timeout travels with the request: answers still waiting for synthesis when it passes
 * become {@code 503} (their headers were never sent), the one queued is never synthesised, the one in
 * the engine stops there, and each timed-out request logs one line, without a stack trace.
 */
class DeadlineTest {

    static final GatedSynthesis engine = new GatedSynthesis();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(
            b -> b.synthesisThreads(1).synthesisQueue(1).eventTimeout(Duration.ofSeconds(2)),
            builder -> builder.speechSynthesis(engine));

    @Test
    void answersThatMissTheirDeadlineAre503AndTheirSynthesisIsDroppedOrStopped() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger access = (Logger) LoggerFactory.getLogger("cic.access");
        root.addAppender(logs);
        access.addAppender(logs);
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            Stage synthesis = cic.server().synthesisStage();
            double cancelledBefore = synthesis.cancelledCount();
            engine.hold();
            CompletableFuture<StreamedParts> inEngine = speakUnique(device);
            await().until(() -> engine.waiting() == 1);
            CompletableFuture<StreamedParts> queued = speakUnique(device);

            for (CompletableFuture<StreamedParts> late : List.of(inEngine, queued)) {
                StreamedParts res = late.get();
                assertThat(res.status()).isEqualTo(503);
                JsonNode exception = MessageCodec.mapper().readTree(res.next().body());
                assertThat(exception.at("/payload/description").asText()).isEqualTo("request timed out");
            }
            await().until(() -> synthesis.admitted() == 0);
            engine.release();
            await().until(() -> engine.stoppedByClosedStream() == 1);
            await().until(() -> synthesis.cancelledCount() == cancelledBefore + 1);
            assertThat(engine.started()).as("synthesis calls").isEqualTo(1);

            await().until(() -> logs.list.stream().filter(e -> e.getFormattedMessage().contains("status=503")).count() == 2);
            assertThat(logs.list).as("no stack traces").allMatch(e -> e.getThrowableProxy() == null);
            assertThat(logs.list).as("the access log's line is the only one")
                    .noneMatch(e -> e.getFormattedMessage().matches(".*event=(EventRejected|ReplyWriteFailed|InternalError).*"));
            assertThat(logs.list).as("nothing at WARN or above")
                    .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
        } finally {
            root.detachAppender(logs);
            access.detachAppender(logs);
            engine.release();
        }
    }

    static CompletableFuture<StreamedParts> speakUnique(TestDevice device) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return device.send("SpeechSynthesizer", "Request", MessageIds.newId(), TestDevice.payload()
                        .put("lang", "en").put("text", "A late answer " + UUID.randomUUID()));
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }
}
