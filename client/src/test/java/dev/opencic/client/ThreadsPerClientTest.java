package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.CicServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client has no threads of its own: connected and idle it holds OkHttp's reader of its connection
 * and the shared worker blocked reading its downchannel, and nothing named after one of its concerns
 * (transport, sequencer channels, callbacks, token refresh).
 */
class ThreadsPerClientTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    static Set<Thread> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    @Test
    void connectedIdleClientsCostTwoThreadsEachAndNoneOfTheirOwn() throws Exception {
        List<CicClient> clients = new ArrayList<>();
        try {
            clients.add(Clients.started(cic, b -> {}));
            clients.get(0).recognizeText("what time is it").get(20, TimeUnit.SECONDS).processed().get(10, TimeUnit.SECONDS);
            int before = threads().size();
            for (int i = 0; i < 5; i++) {
                CicClient c = Clients.started(cic, b -> {});
                c.whenConnected(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
                clients.add(c);
            }
            int perClient = (threads().size() - before + 4) / 5; // rounded up
            assertThat(perClient).as("threads per connected idle client").isLessThanOrEqualTo(2);
            // the names of the threads a client used to start for itself
            assertThat(threads()).extracting(Thread::getName).noneMatch(n -> n.startsWith("cic-transport")
                    || n.startsWith("cic-directives-") || n.startsWith("cic-callbacks")
                    || n.startsWith("cic-token-refresh") || n.startsWith("cic-events"));
        } finally {
            clients.forEach(CicClient::close);
        }
    }
}
