package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The crash case of idempotent events (issue 17): an action whose answer never reached the device is
 * retried after the server restarted. The stored answer is in the database, so the retry is still
 * recognised: the same answer, one memo.
 */
class EventReplayRestartTest {

    static final EventReplayTest.ProbeHandler probe = new EventReplayTest.ProbeHandler();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> {}, server -> server.handler(probe));

    @Test
    void aRetryAfterARestartGetsTheStoredAnswerAndSavesOneMemo() throws Exception {
        String deviceId = "kitchen-" + MessageIds.newId();
        byte[] note = EventReplayTest.event("TextRecognizer", "Recognize", MessageIds.newId(),
                TestDevice.payload().put("text", "take a note that the parcel is golf"));
        List<String> first;
        try (TestDevice device = cic.device(deviceId)) {
            device.connect();
            first = directives(device.send(note));
        }

        cic.stop();
        cic.start(); // the same data directory

        try (TestDevice device = cic.device(deviceId)) {
            device.connect();
            assertThat(directives(device.send(note))).isEqualTo(first);
            StreamedParts list = device.send("Memo", "Get", MessageIds.newId(), TestDevice.payload());
            assertThat(list.next().directive().payload().path("memo").findValuesAsText("content"))
                    .filteredOn(c -> c.contains("golf")).hasSize(1);
        }
    }

    /** The other half of the rule: an answer without directives is remembered in memory only, no commit. */
    @Test
    void aReportAnswered204IsNotRememberedAcrossARestartSoItsRetryActsAgain() throws Exception {
        String deviceId = "hall-" + MessageIds.newId();
        byte[] report = EventReplayTest.event("ReplayProbe", "Report", MessageIds.newId(), TestDevice.payload());
        probe.acted.set(0);
        try (TestDevice device = cic.device(deviceId)) {
            device.connect();
            assertThat(device.send(report).status()).isEqualTo(204);
            assertThat(device.send(report).status()).isEqualTo(204);
            assertThat(probe.acted.get()).isEqualTo(1);
        }

        cic.stop();
        cic.start();

        try (TestDevice device = cic.device(deviceId)) {
            device.connect();
            assertThat(device.send(report).status()).isEqualTo(204);
            assertThat(probe.acted.get()).isEqualTo(2); // no stored record: handled again
        }
    }

    static List<String> directives(StreamedParts res) throws Exception {
        assertThat(res.status()).isEqualTo(200);
        return res.rest().stream().filter(StreamedParts.Part::isJson).map(StreamedParts.Part::text).toList();
    }
}
