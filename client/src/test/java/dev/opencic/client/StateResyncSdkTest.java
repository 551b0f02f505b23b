package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.agent.DeviceControlAgent;
import dev.opencic.client.agent.SystemAgent;
import dev.opencic.client.context.DeviceStateContext;
import dev.opencic.protocol.payload.Device;
import dev.opencic.protocol.payload.DeviceControl;
import dev.opencic.server.testing.CicServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code System.RequestSynchronizeState} through the SDK against the in-process server: a device
 * that comes back from a reset at another volume than it last reported gets the typed {@code
 * DeviceControl.SetValue volume} on its DeviceControl agent, after the System agent's alerts.
 */
class StateResyncSdkTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    /** A speaker whose volume the agent sets. */
    static final class Speaker extends DeviceControlAgent {
        final DeviceStateContext state = new DeviceStateContext();
        final List<DeviceControl.SetValue> received = new CopyOnWriteArrayList<>();

        Speaker(int volume) {
            volume(volume);
        }

        void volume(int volume) {
            state.set("volume", new Device.Level(List.of("Increase", "Decrease", "SetValue"), 0, 15, volume));
        }

        @Override
        protected boolean onSetValue(DeviceControl.SetValue payload, ReceivedDirective directive) {
            received.add(payload);
            volume(Integer.parseInt(payload.value()));
            return true;
        }
    }

    @Test
    void aDeviceBackFromAResetGetsItsVolumeBack() throws Exception {
        Speaker speaker = new Speaker(6);
        SystemAgent system = new SystemAgent();
        try (CicClient client = Clients.started(cic, b -> b.agent(speaker).agent(system)
                .contextProvider(speaker.state))) {
            assertThat(speaker.reportState().get(10, TimeUnit.SECONDS).httpStatus()).isEqualTo(204);
            speaker.volume(12); // a reset: the factory volume

            EventResponse sync = system.requestSynchronizeState().get(20, TimeUnit.SECONDS);
            sync.processed().get(10, TimeUnit.SECONDS);
            assertThat(sync.directives()).extracting(d -> d.namespace() + "." + d.name())
                    .containsExactly("System.SynchronizeState", "DeviceControl.SetValue");
            await().atMost(Duration.ofSeconds(10)).until(() -> !speaker.received.isEmpty());
            assertThat(speaker.received).containsExactly(new DeviceControl.SetValue("volume", "6"));
        }
    }
}
