package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.CicServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second client for the same device takes over the downchannel (the server ends the first one
 * cleanly). The first must back off instead of taking it back at once: no reconnect storm, no 429s.
 */
class TakeoverTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    static final class Recorder extends ConnectionListener {
        final AtomicInteger replaced = new AtomicInteger();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final List<CicException> authFailures = new CopyOnWriteArrayList<>();

        @Override
        public void onAuthenticationFailed(CicException cause) {
            authFailures.add(cause);
        }

        final List<Duration> replacedRetryIns = new CopyOnWriteArrayList<>();

        @Override
        public void onDownchannelReplaced(Duration retryIn) {
            replacedRetryIns.add(retryIn);
            replaced.incrementAndGet();
        }

        @Override
        public void onFailure(Throwable cause, Duration retryIn) {
            failures.add(cause);
        }
    }

    @Test
    void theReplacedClientBacksOffInsteadOfFighting() throws Exception {
        String deviceId = "device-" + UUID.randomUUID();
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        ManualScheduler scheduler = new ManualScheduler(); // the first client's time: its retry waits for the test
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newCachedThreadPool();
        try (CicClient a = Clients.started(cic, deviceId, b -> b.connectionListener(first).executors(scheduler, workers))) {
            int opensBefore = a.downchannelOpens();
            try (CicClient b = Clients.started(cic, deviceId, x -> x.connectionListener(second))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> first.replaced.get() >= 1);
                assertThat(a.state()).isEqualTo(ConnectionState.WAITING_TO_RETRY);

                // the first waits the server's open window (3 s) plus jitter up to as much again, and
                // has asked its scheduler for exactly that wait instead of reopening at once
                Duration retryIn = first.replacedRetryIns.get(0);
                assertThat(retryIn).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(6));
                await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.pendingDelays().contains(retryIn));
                assertThat(a.downchannelOpens()).isEqualTo(opensBefore);
                // (the test does not move the wait on: the server's open window runs on real time)
                assertThat(first.failures).noneMatch(TakeoverTest::is429);
                assertThat(second.failures).noneMatch(TakeoverTest::is429);
            }
        } finally {
            scheduler.shutdownNow();
            workers.shutdownNow();
        }
    }

    static boolean is429(Throwable t) {
        return t instanceof CicException e && e.httpStatus() == 429;
    }

    @Test
    void aRevokedTokenEndsTheDownchannelAsAnAuthenticationFailureNotATakeover() throws Exception {
        String deviceId = "device-" + UUID.randomUUID();
        Recorder recorder = new Recorder();
        try (CicClient a = Clients.started(cic, deviceId, b -> b.connectionListener(recorder))) {
            String token = a.tokens().orElseThrow().accessToken();
            var identity = cic.server().auth().tokens().verify(token).join().orElseThrow();
            cic.server().auth().tokens().delete(cic.clientId(), cic.clientSecret(), token, deviceId);
            await().atMost(Duration.ofSeconds(5)).until(() -> !recorder.authFailures.isEmpty());
            assertThat(recorder.authFailures.get(0).code()).isEqualTo(401);
            assertThat(recorder.authFailures.get(0).description()).contains("revoked");
            assertThat(recorder.replaced.get()).isZero();
            assertThat(cic.server().downchannels().isOpen(identity)).isFalse();
        }
    }
}
