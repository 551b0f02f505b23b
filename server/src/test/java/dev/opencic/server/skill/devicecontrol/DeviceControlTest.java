package dev.opencic.server.skill.devicecontrol;

import static dev.opencic.server.skill.SkillTestSupport.context;
import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.payload.Device;
import dev.opencic.protocol.payload.DeviceControl;
import dev.opencic.protocol.payload.Payloads;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DeviceControl over HTTP/2: each request by text becomes the directive the later reference
 * prescribes, with typed fields; the device's reports are kept and reach the account's other
 * devices; Bluetooth PIN events are accepted and the spoken PIN answers them.
 */
class DeviceControlTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    private static final List<String> ALL = List.of("Increase", "Decrease", "SetValue");
    private static final List<String> ON_OFF = List.of("TurnOn", "TurnOff");

    /** A device that can do everything the intents ask for. */
    static Device.DeviceState capable(int volume) {
        return new Device.DeviceState(new Device.Toggle(ON_OFF, "off"), null,
                new Device.Bluetooth(List.of("TurnOn", "TurnOff", "BtConnect", "BtDisconnect", "BtStartPairing",
                        "BtStopPairing", "BtConnectByPINCode"), List.of(), List.of(), "off"),
                null, null, new Device.Toggle(ON_OFF, "off"), new Device.Toggle(ON_OFF, "off"),
                new Device.Toggle(ON_OFF, "on"), "2026-12-07T09:00:00+09:00", null,
                new Device.Level(ALL, 0, 100, 70), null, null, new Device.Level(ALL, 0, 15, volume),
                new Device.Wifi(ON_OFF, List.of(new Device.WifiNetwork("home", true)), "on"));
    }

    static ContextObject state(Device.DeviceState state) {
        return context("Device", "DeviceState", Payloads.toJson(state));
    }

    static Directive only(List<Directive> directives, String name) {
        List<Directive> found = directives.stream().filter(d -> d.header().qualifiedName().equals(name)).toList();
        assertThat(found).as("%s in %s", name, names(directives)).hasSize(1);
        return found.get(0);
    }

    @Test
    void eachRequestIsTheDirectiveTheReferencePrescribesWithTypedFields() throws Exception {
        record Case(String said, String directive, Object payload) {}
        List<Case> cases = List.of(
                new Case("turn the volume to five", "DeviceControl.SetValue", new DeviceControl.SetValue("volume", "5")),
                new Case("set the volume to 12", "DeviceControl.SetValue", new DeviceControl.SetValue("volume", "12")),
                new Case("louder", "DeviceControl.Increase", new DeviceControl.Target("volume")),
                new Case("a little quieter please", "DeviceControl.Decrease", new DeviceControl.Target("volume")),
                new Case("brighter", "DeviceControl.Increase", new DeviceControl.Target("screenbrightness")),
                new Case("make the screen darker", "DeviceControl.Decrease", new DeviceControl.Target("screenbrightness")),
                new Case("set the brightness to 40", "DeviceControl.SetValue",
                        new DeviceControl.SetValue("screenbrightness", "40")),
                new Case("turn on bluetooth", "DeviceControl.TurnOn", new DeviceControl.Target("bluetooth")),
                new Case("turn off the wifi", "DeviceControl.TurnOff", new DeviceControl.Target("wifi")),
                new Case("switch on airplane mode", "DeviceControl.TurnOn", new DeviceControl.Target("airplane")),
                new Case("open settings", "DeviceControl.OpenScreen", new DeviceControl.Target("settings")),
                new Case("launch the maps app", "DeviceControl.LaunchApp", new DeviceControl.Target("maps")),
                new Case("start bluetooth pairing", "DeviceControl.BtStartPairing", new DeviceControl.Empty()),
                new Case("stop bluetooth pairing", "DeviceControl.BtStopPairing", new DeviceControl.Empty()),
                new Case("connect to my bluetooth speaker", "DeviceControl.BtConnect",
                        new Device.BluetoothDevice(null, null, null, null)),
                new Case("disconnect bluetooth", "DeviceControl.BtDisconnect", new DeviceControl.Empty()));
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            for (Case c : cases) {
                List<Directive> reply = say(device, c.said(), state(capable(8)));
                Directive d = only(reply, c.directive());
                Object typed = d.typedPayload();
                assertThat(typed).as(c.said()).isEqualTo(c.payload());
                assertThat(d.dialogRequestId()).as(c.said()).isEqualTo(reply.get(0).dialogRequestId()).isNotNull();
                // the reference: volume changes without a voice, other controls with one
                boolean spoken = names(reply).contains("SpeechSynthesizer.Speak");
                assertThat(spoken).as(c.said()).isEqualTo(!(typed instanceof DeviceControl.SetValue s
                        ? s.target().equals("volume") : typed.equals(new DeviceControl.Target("volume"))));
            }
        }
    }

    @Test
    void aDeviceThatDeclaresNoSuchActionIsToldSoAndGetsNoDirective() throws Exception {
        Device.DeviceState speakerOnly = new Device.DeviceState(null, null, null, null, null, null, null, null,
                "2026-12-07T09:00:00+09:00", null, null, null, null,
                new Device.Level(List.of("Increase", "Decrease"), 0, 10, 5), null);
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> bt = say(device, "turn on bluetooth", state(speakerOnly));
            assertThat(words(bt)).isEqualTo("This device can't turn Bluetooth on.");
            assertThat(names(bt)).noneMatch(n -> n.startsWith("DeviceControl."));
            List<Directive> set = say(device, "turn the volume to five", state(speakerOnly));
            assertThat(words(set)).startsWith("This device can't set its volume to a number.");
            assertThat(words(say(device, "set the volume to 11", state(speakerOnly)))).isEqualTo("The volume goes from 0 to 10.");
            assertThat(words(say(device, "brighter", state(speakerOnly))))
                    .isEqualTo("This device can't change its screen brightness.");
            // louder still works: the volume declares Increase
            assertThat(names(say(device, "louder", state(speakerOnly)))).contains("DeviceControl.Increase");
            // and its own range says when there is nothing to change
            Device.DeviceState loudest = new Device.DeviceState(null, null, null, null, null, null, null, null, null,
                    null, null, null, null, new Device.Level(List.of("Increase", "Decrease"), 0, 10, 10), null);
            List<Directive> louder = say(device, "louder", state(loudest));
            assertThat(words(louder)).isEqualTo("The volume is already at its highest.");
            assertThat(names(louder)).doesNotContain("DeviceControl.Increase");
        }
    }

    @Test
    void aDeviceWithoutDeviceStateKeepsThe2017VolumeDirectivesAndGetsTheOthersUnchecked() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(names(say(device, "louder"))).containsExactly("Clova.RenderText", "PlaybackController.VolumeUp");
            assertThat(names(say(device, "quieter"))).containsExactly("Clova.RenderText", "PlaybackController.VolumeDown");
            assertThat(only(say(device, "turn the volume to seven"), "DeviceControl.SetValue").typedPayload())
                    .isEqualTo(new DeviceControl.SetValue("volume", "7"));
            assertThat(only(say(device, "turn on bluetooth"), "DeviceControl.TurnOn").typedPayload())
                    .isEqualTo(new DeviceControl.Target("bluetooth"));
        }
    }

    /** Two devices of a fresh account, both connected. */
    private record Pair(TestDevice speaker, StreamedParts speakerDown, TestDevice app, StreamedParts appDown)
            implements AutoCloseable {
        static Pair connect() throws Exception {
            String user = "dc-" + UUID.randomUUID().toString().substring(0, 8);
            TestDevice speaker = cic.deviceOf(user, "a long enough password", "speaker-" + user);
            TestDevice app = cic.deviceOf(user, "a long enough password", "app-" + user);
            return new Pair(speaker, speaker.connect(), app, app.connect());
        }

        @Override
        public void close() {
            speaker.close();
            app.close();
        }
    }

    static StreamedParts report(TestDevice device, String name, String payload, Device.DeviceState state)
            throws Exception {
        List<ContextObject> context = state == null ? List.of() : List.of(state(state));
        Event e = new Event(Header.of("DeviceControl", name, null),
                (ObjectNode) MessageCodec.mapper().readTree(payload), context);
        return device.send(MessageCodec.writeEvent(e));
    }

    static DeviceControl.SynchronizeState synchronizeState(StreamedParts downchannel) throws Exception {
        Directive d = downchannel.next(Duration.ofSeconds(10)).directive();
        assertThat(d.header().qualifiedName()).isEqualTo("DeviceControl.SynchronizeState");
        assertThat(d.dialogRequestId()).isNull();
        return (DeviceControl.SynchronizeState) d.typedPayload();
    }

    @Test
    void anExecutedOrFailedActionIsKeptAndTheOtherDevicesAreTold() throws Exception {
        try (Pair p = Pair.connect()) {
            StreamedParts executed = report(p.speaker(), "ActionExecuted", "{\"target\":\"volume\",\"command\":\"SetValue\"}",
                    capable(5));
            assertThat(executed.status()).isEqualTo(204);
            DeviceControl.SynchronizeState told = synchronizeState(p.appDown());
            assertThat(told.deviceId()).isEqualTo(p.speaker().deviceId());
            assertThat(told.deviceState()).isEqualTo(capable(5));

            // a failure without a state: the others hear of it with the state kept before
            assertThat(report(p.speaker(), "ActionFailed", "{\"target\":\"app\",\"command\":\"LaunchApp\"}", null)
                    .status()).isEqualTo(204);
            assertThat(synchronizeState(p.appDown()).deviceState()).isEqualTo(capable(5));
        }
    }

    @Test
    void requestStateSynchronizationAnswersWithTheKeptStatesAndAsksTheOthersForFreshOnes() throws Exception {
        try (Pair p = Pair.connect()) {
            assertThat(report(p.speaker(), "ReportState", "{}", capable(3)).status()).isEqualTo(204);
            assertThat(synchronizeState(p.appDown()).deviceState().volume().value()).isEqualTo(3);

            assertThat(report(p.app(), "RequestStateSynchronization", "{}", null).status()).isEqualTo(204);
            DeviceControl.SynchronizeState kept = synchronizeState(p.appDown());
            assertThat(kept.deviceId()).isEqualTo(p.speaker().deviceId());
            assertThat(kept.deviceState().volume().value()).isEqualTo(3);
            Directive expect = p.speakerDown().next(Duration.ofSeconds(10)).directive();
            assertThat(expect.header().qualifiedName()).isEqualTo("DeviceControl.ExpectReportState");
            assertThat(expect.typedPayload()).isEqualTo(new DeviceControl.ExpectReportState(null, null));

            // the speaker reports as asked: the app gets its fresh state
            assertThat(report(p.speaker(), "ReportState", "{}", capable(9)).status()).isEqualTo(204);
            assertThat(synchronizeState(p.appDown()).deviceState().volume().value()).isEqualTo(9);
        }
    }

    @Test
    void aDeviceThatReportedBeforeIsAskedForFreshStateWhenItReconnects() throws Exception {
        try (Pair p = Pair.connect()) {
            assertThat(report(p.speaker(), "ReportState", "{}", capable(2)).status()).isEqualTo(204);
            synchronizeState(p.appDown());
            StreamedParts again = p.speaker().openDownchannel(); // a second downchannel: the device reconnected
            assertThat(again.next().directive().header().qualifiedName()).isEqualTo("Clova.Hello");
            Directive expect = again.next(Duration.ofSeconds(10)).directive();
            assertThat(expect.header().qualifiedName()).isEqualTo("DeviceControl.ExpectReportState");
            // the app never reported a state: its reconnection brings nothing but Hello
            StreamedParts appAgain = p.app().openDownchannel();
            assertThat(appAgain.next().directive().header().qualifiedName()).isEqualTo("Clova.Hello");
            assertThat(report(p.app(), "RequestStateSynchronization", "{}", null).status()).isEqualTo(204);
            assertThat(appAgain.next(Duration.ofSeconds(10)).directive().header().qualifiedName())
                    .isEqualTo("DeviceControl.SynchronizeState"); // the next part is the answer, no ExpectReportState
        }
    }

    @Test
    void aBadReportIsA400WithASystemExceptionAndKeepsNothing() throws Exception {
        try (Pair p = Pair.connect()) {
            assertThat(report(p.speaker(), "ReportState", "{}", capable(4)).status()).isEqualTo(204);
            synchronizeState(p.appDown());
            for (String bad : List.of("{\"target\":\"volume\",\"command\":\"Explode\"}",
                    "{\"target\":\"toaster\",\"command\":\"TurnOn\"}", "{\"target\":5,\"command\":\"TurnOn\"}",
                    "{\"command\":\"TurnOn\"}")) {
                StreamedParts res = report(p.speaker(), "ActionExecuted", bad, capable(14));
                assertThat(res.status()).as(bad).isEqualTo(400);
                JsonNode exception = MessageCodec.mapper().readTree(res.next().body());
                assertThat(exception.at("/header/name").asText()).isEqualTo("Exception");
                assertThat(exception.at("/payload/description").asText()).startsWith("DeviceControl.ActionExecuted")
                        .doesNotContain("\tat ");
            }
            StreamedParts noName = report(p.speaker(), "BtRequestForPINCode", "{}", null);
            assertThat(noName.status()).isEqualTo(400);
            // nothing was kept: the app still gets the volume of before
            assertThat(report(p.app(), "RequestStateSynchronization", "{}", null).status()).isEqualTo(204);
            assertThat(synchronizeState(p.appDown()).deviceState().volume().value()).isEqualTo(4);
        }
    }

    @Test
    void aBluetoothPinRequestIsAcceptedAndTheSpokenPinAnswersIt() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(words(say(device, "the pin is 1234"))).isEqualTo("No Bluetooth device is waiting for a PIN.");

            assertThat(report(device, "BtRequestForPINCode", "{\"deviceName\":\"friends device\"}", null).status())
                    .isEqualTo(204);
            List<Directive> reply = say(device, "the pin is one two three four", state(capable(5)));
            assertThat(words(reply)).isEqualTo("Connecting to friends device.");
            assertThat(only(reply, "DeviceControl.BtConnectByPINCode").typedPayload())
                    .isEqualTo(new DeviceControl.BtConnectByPINCode("1234"));

            assertThat(report(device, "BtRequestForPINCode", "{\"deviceName\":\"car\"}", null).status()).isEqualTo(204);
            assertThat(report(device, "BtRequestToCancelPinCodeInput", "{}", null).status()).isEqualTo(204);
            assertThat(words(say(device, "my pin is 0000"))).isEqualTo("No Bluetooth device is waiting for a PIN.");
        }
    }

    @Test
    void aPinSaidOnTheAppGoesToTheDeviceThatAskedForIt() throws Exception {
        try (Pair p = Pair.connect()) {
            assertThat(report(p.speaker(), "BtRequestForPINCode", "{\"deviceName\":\"car\"}", null).status())
                    .isEqualTo(204);
            List<Directive> reply = say(p.app(), "my pin code is 1 2 3 4");
            assertThat(words(reply)).isEqualTo("Sending the PIN for car.");
            assertThat(names(reply)).doesNotContain("DeviceControl.BtConnectByPINCode");
            Directive pushed = p.speakerDown().next(Duration.ofSeconds(10)).directive();
            assertThat(pushed.typedPayload()).isEqualTo(new DeviceControl.BtConnectByPINCode("1234"));
            assertThat(pushed.dialogRequestId()).isNull();
            // taken: a second PIN finds nobody waiting
            assertThat(words(say(p.app(), "the pin is 1234"))).isEqualTo("No Bluetooth device is waiting for a PIN.");
        }
    }

    @Test
    void everyDeviceControlEventIsAcceptedNotRefusedAsUnknown() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            for (String[] e : new String[][] {{"ActionExecuted", "{\"target\":\"gps\",\"command\":\"TurnOn\"}"},
                    {"ActionFailed", "{\"target\":\"bluetooth\",\"command\":\"BtConnect\"}"}, {"ReportState", "{}"},
                    {"RequestStateSynchronization", "{}"}, {"BtRequestForPINCode", "{\"deviceName\":\"x\"}"},
                    {"BtRequestToCancelPinCodeInput", "{}"}}) {
                assertThat(report(device, e[0], e[1], capable(1)).status()).as(e[0]).isEqualTo(204);
            }
            assertThat(device.send("DeviceControl", "Nonsense", MessageIds.newId(), TestDevice.payload()).status())
                    .isEqualTo(400);
        }
    }
}
