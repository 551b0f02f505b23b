package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.agent.SystemAgent;
import dev.opencic.protocol.payload.SystemSync;
import dev.opencic.server.testing.CicServerExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** System.RequestSynchronizeState from the SDK and the typed SynchronizeState back, against the in-process server. */
class SystemAgentTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    static final class Synced extends SystemAgent {
        final AtomicReference<SystemSync.SynchronizeState> state = new AtomicReference<>();

        @Override
        protected void onSynchronizeState(SystemSync.SynchronizeState payload, ReceivedDirective directive) {
            state.set(payload);
        }
    }

    @Test
    void afterAResetTheDeviceGetsItsAccountsAlertsBack() throws Exception {
        try (CicClient first = Clients.started(cic, b -> {})) {
            EventResponse set = first.recognizeText("set an alarm for 6 am tomorrow").get(20, TimeUnit.SECONDS);
            assertThat(set.httpStatus()).isEqualTo(200);
        }
        Synced agent = new Synced();
        try (CicClient reset = Clients.started(cic, b -> b.agent(agent))) {
            EventResponse r = agent.requestSynchronizeState().get(20, TimeUnit.SECONDS);
            assertThat(r.httpStatus()).isEqualTo(200);
            r.processed().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.state.get() != null);
            assertThat(agent.state.get().allAlerts()).anySatisfy(a -> {
                assertThat(a.type()).isEqualTo("ALARM");
                assertThat(a.scheduledTime()).contains("T06:00:00");
            });
        }
    }

    @Test
    void anAgentNotRegisteredWithAClientCannotAsk() {
        assertThatThrownBy(() -> new SystemAgent().requestSynchronizeState()).isInstanceOf(IllegalStateException.class);
    }
}
