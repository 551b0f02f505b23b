package dev.opencic.server.skill.devicecontrol;

import static dev.opencic.server.skill.devicecontrol.DeviceControlTest.capable;
import static dev.opencic.server.skill.devicecontrol.DeviceControlTest.report;
import static dev.opencic.server.skill.devicecontrol.DeviceControlTest.state;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.payload.Device;
import dev.opencic.protocol.payload.DeviceControl;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code System.RequestSynchronizeState} over HTTP/2 brings the volume back in step: a device that
 * comes back with another volume than it last reported gets {@code DeviceControl.SetValue volume}
 * to the kept one after {@code System.SynchronizeState}; in step, or unable to set a number, it gets
 * none.
 */
class VolumeResyncTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    static List<Directive> requestSync(TestDevice device, ContextObject... context) throws Exception {
        Event e = new Event(Header.of("System", "RequestSynchronizeState", MessageIds.newId()),
                (ObjectNode) MessageCodec.mapper().readTree("{}"), List.of(context));
        StreamedParts res = device.send(MessageCodec.writeEvent(e));
        assertThat(res.status()).isEqualTo(200);
        return res.directives();
    }

    @Test
    void aDeviceBackWithAnotherVolumeIsSetToTheOneItLastReported() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            assertThat(report(device, "ReportState", "{}", capable(6)).status()).isEqualTo(204);
            // a reset: the device comes back at its factory volume
            List<Directive> sync = requestSync(device, state(capable(11)));
            assertThat(sync).extracting(d -> d.header().qualifiedName())
                    .containsExactly("System.SynchronizeState", "DeviceControl.SetValue");
            assertThat(sync.get(1).typedPayload()).isEqualTo(new DeviceControl.SetValue("volume", "6"));
            assertThat(sync.get(1).dialogRequestId()).isEqualTo(sync.get(0).dialogRequestId());

            // already in step: alerts only
            assertThat(requestSync(device, state(capable(6)))).extracting(d -> d.header().qualifiedName())
                    .containsExactly("System.SynchronizeState");
        }
    }

    @Test
    void aDeviceThatCannotSetANumberOrNeverReportedAVolumeGetsAlertsOnly() throws Exception {
        Device.DeviceState stepsOnly = new Device.DeviceState(null, null, null, null, null, null, null, null,
                "2026-12-07T09:00:00+09:00", null, null, null, null,
                new Device.Level(List.of("Increase", "Decrease"), 0, 10, 5), null);
        try (TestDevice stepper = cic.newDevice(); TestDevice fresh = cic.newDevice()) {
            stepper.connect();
            assertThat(report(stepper, "ReportState", "{}", stepsOnly).status()).isEqualTo(204);
            Device.DeviceState louder = new Device.DeviceState(null, null, null, null, null, null, null, null,
                    "2026-12-07T09:00:00+09:00", null, null, null, null,
                    new Device.Level(List.of("Increase", "Decrease"), 0, 10, 9), null);
            assertThat(requestSync(stepper, state(louder))).extracting(d -> d.header().qualifiedName())
                    .containsExactly("System.SynchronizeState");

            fresh.connect();
            assertThat(requestSync(fresh, state(capable(3)))).extracting(d -> d.header().qualifiedName())
                    .containsExactly("System.SynchronizeState");
        }
    }
}
