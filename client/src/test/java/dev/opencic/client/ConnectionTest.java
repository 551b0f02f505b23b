package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.agent.ClovaAgent;
import dev.opencic.server.testing.CicServerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transport: reconnect after a server restart, PING timeouts, GET /ping, state reporting. */
class ConnectionTest {

    static final int PORT = freePort();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.port(PORT));

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Records state changes and counts Hellos. */
    static final class Recorder extends ConnectionListener {
        final List<ConnectionState> states = new CopyOnWriteArrayList<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();

        @Override
        public void onStateChanged(ConnectionState previous, ConnectionState current) {
            states.add(current);
        }

        @Override
        public void onFailure(Throwable cause, Duration retryIn) {
            failures.add(cause);
        }
    }

    static ClovaAgent helloCounter(AtomicInteger hellos) {
        return new ClovaAgent() {
            @Override
            protected void onHello(ReceivedDirective d, AgentHost client) {
                hellos.incrementAndGet();
            }
        };
    }

    @Test
    void theClientReconnectsWhenTheServerComesBackOnTheSamePort() throws Exception {
        Recorder recorder = new Recorder();
        AtomicInteger hellos = new AtomicInteger();
        try (CicClient client = Clients.started(cic, b -> b.connectionListener(recorder).agent(helloCounter(hellos)))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> hellos.get() == 1);

            cic.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.state() != ConnectionState.CONNECTED);
            cic.start();

            await().atMost(Duration.ofSeconds(15)).until(() -> hellos.get() == 2);
            assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(recorder.states).contains(ConnectionState.WAITING_TO_RETRY);
            EventResponse r = client.recognizeText("hello").get(20, TimeUnit.SECONDS);
            assertThat(r.httpStatus()).isEqualTo(200);
        }
    }

    @Test
    void aPingThatIsNotAnsweredLeadsToANewConnection() throws Exception {
        try (TcpProxy proxy = new TcpProxy(cic.server().httpPort())) {
            AtomicInteger hellos = new AtomicInteger();
            Recorder recorder = new Recorder();
            try (CicClient client = Clients.started(cic, b -> b.serverUrl("http://127.0.0.1:" + proxy.port())
                    .pingInterval(Duration.ofMillis(500)).connectionListener(recorder).agent(helloCounter(hellos)))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> hellos.get() == 1);
                int connections = proxy.accepted();

                proxy.blackholeExisting();

                await().atMost(Duration.ofSeconds(10)).until(() -> hellos.get() == 2);
                assertThat(proxy.accepted()).isGreaterThan(connections);
                assertThat(recorder.failures).isNotEmpty();
                assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
            }
        }
    }

    @Test
    void whenConnectedWithATimeoutFailsWithTheLastFailureWhenTheServerIsUnreachable() throws Exception {
        int deadPort = freePort();
        CicClient.Builder b = Clients.builder(cic, "device-" + java.util.UUID.randomUUID());
        try (CicClient loggedIn = b.build()) {
            loggedIn.login(CicServerExtension.USER, CicServerExtension.PASSWORD);
        }
        try (CicClient client = b.serverUrl("http://127.0.0.1:" + deadPort).build()) {
            client.start();
            long t0 = System.nanoTime();
            var connected = client.whenConnected(Duration.ofMillis(800));
            assertThat(connected).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(IOException.class)
                    .withMessageContaining("not connected to http://127.0.0.1:" + deadPort + "/ after 800 ms")
                    .withCauseInstanceOf(java.net.ConnectException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(750));
            assertThat(client.whenConnected()).isNotDone(); // the plain one still waits
        }
    }

    @Test
    void whenConnectedWithATimeoutCompletesForAConnectedClient() throws Exception {
        try (CicClient client = Clients.started(cic, b -> {})) {
            assertThat(client.whenConnected(Duration.ofMillis(1))).succeedsWithin(Duration.ofSeconds(1));
        }
    }

    @Test
    void getPingIsTheFallbackLivenessCheck() throws Exception {
        try (CicClient client = Clients.started(cic, b -> {})) {
            client.ping().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeEndsInShutdownAndFailsLaterUse() throws Exception {
        Recorder recorder = new Recorder();
        CicClient client = Clients.started(cic, b -> b.connectionListener(recorder));
        client.close();
        assertThat(client.state()).isEqualTo(ConnectionState.SHUTDOWN);
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.states.contains(ConnectionState.SHUTDOWN));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.recognizeText("x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
