package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Idempotent events (issue 17): an event sent again with the same messageId by the same device
 * within the replay window gets the stored answer and does not act twice, also when the retry
 * arrives while the first is still being handled; after the window it acts again.
 */
class EventReplayTest {

    /** Counts what it does; holds its answer until {@link #gate} completes. {@code Report} answers 204. */
    static final class ProbeHandler implements NamespaceHandler {
        final AtomicInteger acted = new AtomicInteger();
        volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

        @Override
        public String namespace() {
            return "ReplayProbe";
        }

        @Override
        public Set<String> eventNames() {
            return Set.of("Act", "Report");
        }

        @Override
        public CompletableFuture<Reply> handle(EventRequest request) {
            int n = acted.incrementAndGet();
            if (request.event().name().equals("Report")) {
                return CompletableFuture.completedFuture(Reply.empty());
            }
            return gate.thenApply(v -> Reply.of(Directive.of(request.dialogRequestId(),
                    new Clova.RenderText("acted " + n))));
        }
    }

    static final ProbeHandler probe = new ProbeHandler();
    static final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.eventReplayWindow(Duration.ofMinutes(10)),
            server -> server.clock(clock).handler(probe));

    static TestDevice device;

    @BeforeAll
    static void connect() throws Exception {
        device = cic.newDevice();
        device.connect();
    }

    @AfterAll
    static void close() {
        device.close();
    }

    static byte[] event(String namespace, String name, String messageId, ObjectNode payload) {
        return MessageCodec.writeEvent(new Event(new Header(namespace, name, messageId, MessageIds.newId()),
                payload, List.of()));
    }

    static String text(StreamedParts res) throws Exception {
        assertThat(res.status()).isEqualTo(200);
        return res.next().directive().payload().path("text").asText();
    }

    @Test
    void aReplayedMemoGetsTheSameAnswerAndSavesOneMemo() throws Exception {
        byte[] note = event("TextRecognizer", "Recognize", MessageIds.newId(),
                TestDevice.payload().put("text", "take a note that the parcel is foxtrot"));
        List<StreamedParts.Part> first = device.send(note).rest();
        List<StreamedParts.Part> again = device.send(note).rest();

        List<String> firstJson = first.stream().filter(StreamedParts.Part::isJson).map(StreamedParts.Part::text).toList();
        List<String> againJson = again.stream().filter(StreamedParts.Part::isJson).map(StreamedParts.Part::text).toList();
        assertThat(againJson).isEqualTo(firstJson); // stored: same directives, same memo id and Speak token
        assertThat(again).filteredOn(p -> !p.isJson()).singleElement() // the Speak's audio, made again
                .satisfies(p -> assertThat(p.body()).isNotEmpty());

        StreamedParts list = device.send("Memo", "Get", MessageIds.newId(), TestDevice.payload());
        assertThat(list.next().directive().payload().path("memo").findValuesAsText("content"))
                .filteredOn(c -> c.contains("foxtrot")).hasSize(1);
        assertThat(cic.server().meters().get("cic.events.replayed").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDuplicateArrivingWhileTheFirstIsHandledWaitsForItsAnswerAndActsNot() throws Exception {
        probe.acted.set(0);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        probe.gate = gate;
        double waitedBefore = cic.server().meters().get("cic.events.replay.waited").counter().count();
        byte[] act = event("ReplayProbe", "Act", MessageIds.newId(), TestDevice.payload());

        CompletableFuture<StreamedParts> first = CompletableFuture.supplyAsync(() -> send(act));
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.acted.get() == 1);
        CompletableFuture<StreamedParts> second = CompletableFuture.supplyAsync(() -> send(act));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                cic.server().meters().get("cic.events.replay.waited").counter().count() > waitedBefore);
        gate.complete(null);

        assertThat(text(first.get())).isEqualTo("acted 1");
        assertThat(text(second.get())).isEqualTo("acted 1");
        assertThat(probe.acted.get()).isEqualTo(1);
    }

    @Test
    void whenTheFirstFailsTheWaitingDuplicateIsAskedToRetryAndTheRetryActs() throws Exception {
        probe.acted.set(0);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        probe.gate = gate;
        double waitedBefore = cic.server().meters().get("cic.events.replay.waited").counter().count();
        byte[] act = event("ReplayProbe", "Act", MessageIds.newId(), TestDevice.payload());

        CompletableFuture<StreamedParts> first = CompletableFuture.supplyAsync(() -> send(act));
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.acted.get() == 1);
        CompletableFuture<StreamedParts> second = CompletableFuture.supplyAsync(() -> send(act));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                cic.server().meters().get("cic.events.replay.waited").counter().count() > waitedBefore);
        gate.completeExceptionally(dev.opencic.server.api.CicException.badRequest("not this time"));

        EventErrorsTest.assertRejected(first.get(), 400, "not this time");
        StreamedParts retryLater = second.get();
        EventErrorsTest.assertRejected(retryLater, 503, "retry");
        assertThat(retryLater.headers().get("retry-after")).isEqualTo("1");

        probe.gate = CompletableFuture.completedFuture(null);
        assertThat(text(device.send(act))).isEqualTo("acted 2"); // nothing was done: the retry acts
    }

    @Test
    void aReplayedReportAnswered204IsAnswered204AgainAndActsNot() throws Exception {
        probe.acted.set(0);
        probe.gate = CompletableFuture.completedFuture(null);
        double replayedBefore = cic.server().meters().get("cic.events.replayed").counter().count();
        byte[] report = event("ReplayProbe", "Report", MessageIds.newId(), TestDevice.payload());
        assertThat(device.send(report).status()).isEqualTo(204);
        assertThat(device.send(report).status()).isEqualTo(204); // remembered in memory: not handled again
        assertThat(probe.acted.get()).isEqualTo(1);
        assertThat(cic.server().meters().get("cic.events.replayed").counter().count()).isEqualTo(replayedBefore + 1);

        clock.advance(Duration.ofMinutes(11)); // out of the window: a new event
        assertThat(device.send(report).status()).isEqualTo(204);
        assertThat(probe.acted.get()).isEqualTo(2);
    }

    @Test
    void afterTheWindowTheSameMessageIdActsAgain() throws Exception {
        probe.acted.set(0);
        probe.gate = CompletableFuture.completedFuture(null);
        byte[] act = event("ReplayProbe", "Act", MessageIds.newId(), TestDevice.payload());
        assertThat(text(device.send(act))).isEqualTo("acted 1");
        clock.advance(Duration.ofMinutes(9));
        assertThat(text(device.send(act))).isEqualTo("acted 1"); // still within the window: replayed
        clock.advance(Duration.ofMinutes(2));
        assertThat(text(device.send(act))).isEqualTo("acted 2"); // 11 minutes on: a new event
        assertThat(probe.acted.get()).isEqualTo(2);
    }

    @Test
    void anotherDeviceWithTheSameMessageIdIsAnotherEvent() throws Exception {
        probe.acted.set(0);
        probe.gate = CompletableFuture.completedFuture(null);
        byte[] act = event("ReplayProbe", "Act", MessageIds.newId(), TestDevice.payload());
        assertThat(text(device.send(act))).isEqualTo("acted 1");
        try (TestDevice other = cic.newDevice()) {
            other.connect();
            assertThat(text(other.send(act))).isEqualTo("acted 2");
        }
    }

    static StreamedParts send(byte[] metadata) {
        try {
            return device.send(metadata);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
