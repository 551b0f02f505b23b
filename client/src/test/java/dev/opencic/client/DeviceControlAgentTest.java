package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.agent.DeviceControlAgent;
import dev.opencic.client.context.DeviceStateContext;
import dev.opencic.protocol.payload.Device;
import dev.opencic.protocol.payload.DeviceControl;
import dev.opencic.server.testing.CicServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DeviceControl through the SDK against the in-process server: a speaker's agent gets typed
 * directives for what the user asked and reports the result; the account's app learns the
 * speaker's state with SynchronizeState; the Bluetooth PIN goes from the speaker's request to the
 * user's answer.
 */
class DeviceControlAgentTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    private static final List<String> LEVEL_ACTIONS = List.of("Increase", "Decrease", "SetValue");

    /** A speaker whose volume the agent really sets and whose Bluetooth it only pretends to have. */
    static final class Speaker extends DeviceControlAgent {
        final DeviceStateContext state = new DeviceStateContext();
        final List<Object> received = new CopyOnWriteArrayList<>();
        volatile int volume = 3;

        Speaker() {
            show();
        }

        private void show() {
            state.set("volume", new Device.Level(LEVEL_ACTIONS, 0, 10, volume));
            state.set("bluetooth", new Device.Bluetooth(List.of("TurnOn", "TurnOff", "BtConnectByPINCode"),
                    List.of(), List.of(), "off"));
        }

        @Override
        protected boolean onSetValue(DeviceControl.SetValue payload, ReceivedDirective directive) {
            received.add(payload);
            volume = Integer.parseInt(payload.value());
            show();
            return true;
        }

        @Override
        protected boolean onBtConnectByPinCode(DeviceControl.BtConnectByPINCode payload, ReceivedDirective directive) {
            received.add(payload);
            return true;
        }

        @Override
        protected boolean onOpenScreen(DeviceControl.Target payload, ReceivedDirective directive) {
            received.add(payload);
            return false; // no screen
        }
    }

    /** The account's app: follows the other devices' states. */
    static final class App extends DeviceControlAgent {
        final BlockingQueue<DeviceControl.SynchronizeState> states = new LinkedBlockingQueue<>();

        @Override
        protected void onSynchronizeState(DeviceControl.SynchronizeState payload, ReceivedDirective directive) {
            states.add(payload);
        }

        DeviceControl.SynchronizeState next() throws InterruptedException {
            DeviceControl.SynchronizeState s = states.poll(10, TimeUnit.SECONDS);
            assertThat(s).as("a SynchronizeState").isNotNull();
            return s;
        }
    }

    static void say(CicClient client, String text) throws Exception {
        EventResponse r = client.recognizeText(text).get(20, TimeUnit.SECONDS);
        assertThat(r.httpStatus()).isEqualTo(200);
        r.processed().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theAgentGetsTypedDirectivesReportsResultsAndTheAppFollowsTheState() throws Exception {
        Speaker speaker = new Speaker();
        App app = new App();
        String speakerId = "speaker-" + java.util.UUID.randomUUID();
        try (CicClient speakerClient = Clients.started(cic, speakerId, b -> b.agent(speaker).contextProvider(speaker.state));
             CicClient appClient = Clients.started(cic, b -> b.agent(app))) {
            say(speakerClient, "turn the volume to seven");
            assertThat(speaker.received).containsExactly(new DeviceControl.SetValue("volume", "7"));
            // the agent's ActionExecuted carried the new state: the app hears of it
            DeviceControl.SynchronizeState told = app.next();
            assertThat(told.deviceId()).isEqualTo(speakerId);
            assertThat(told.deviceState().volume().value()).isEqualTo(7);

            say(speakerClient, "open settings");
            assertThat(speaker.received).last().isEqualTo(new DeviceControl.Target("settings"));
            assertThat(app.next().deviceId()).isEqualTo(speakerId); // after its ActionFailed

            // the app asks: the kept state at once, then the speaker's fresh report (ExpectReportState)
            assertThat(app.requestStateSynchronization().get(10, TimeUnit.SECONDS).httpStatus()).isEqualTo(204);
            assertThat(app.next().deviceState().volume().value()).isEqualTo(7);
            assertThat(app.next().deviceState().volume().value()).isEqualTo(7);

            assertThat(speaker.requestPinCode("car stereo").get(10, TimeUnit.SECONDS).httpStatus()).isEqualTo(204);
            say(speakerClient, "the pin is 4 3 2 1");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    speaker.received.contains(new DeviceControl.BtConnectByPINCode("4321")));
            assertThat(speaker.cancelPinCodeInput().get(10, TimeUnit.SECONDS).httpStatus()).isEqualTo(204);
        }
    }

    @Test
    void anAgentNotRegisteredWithAClientCannotSendEvents() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DeviceControlAgent().reportState())
                .isInstanceOf(IllegalStateException.class);
    }
}
