package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An event the reference defines that no handler takes is acknowledged ({@code 204}, nothing done),
 * not refused: every built-in namespace handles all its events now, so the test serves the Memo
 * namespace with a handler that takes none of them (as an embedder's own, narrower handler would).
 */
class KnownEventsTest {

    /** Serves the namespace and takes none of its events. */
    static final NamespaceHandler NOTHING_TAKEN = new NamespaceHandler() {
        @Override
        public String namespace() {
            return "Memo";
        }

        @Override
        public Set<String> eventNames() {
            return Set.of();
        }

        @Override
        public CompletableFuture<Reply> handle(EventRequest request) {
            throw new AssertionError("no event is taken: " + request.event().header().qualifiedName());
        }
    };

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0),
            builder -> builder.replace("Memo", NOTHING_TAKEN));

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

    @Test
    void anEventOfTheReferenceThatNoHandlerTakesIsAcknowledged() throws Exception {
        StreamedParts res = device.send("Memo", "Created", null, TestDevice.payload());
        assertThat(res.status()).isEqualTo(204);
    }

    @Test
    void anEventTheReferenceDoesNotDefineIsStillRefused() throws Exception {
        EventErrorsTest.assertRejected(device.send("Memo", "Shred", null, TestDevice.payload()), 400,
                "unknown event: Memo.Shred");
    }
}
