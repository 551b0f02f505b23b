package dev.opencic.server.skill.alerts;

import static dev.opencic.server.testing.SpokenRequests.ask;
import static dev.opencic.server.testing.SpokenRequests.directive;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Alarms and timers by voice: flite speaks, the server's recogniser hears, the time parser resolves. */
class SpokenAlertsTest {

    static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1).timeZone(ZONE));

    @Test
    void aSpokenTimerAndASpokenAlarmAreSetWithTheRightTimes() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            Directive timer = directive(ask(device, "set a timer for ten minutes"), "Alerts.SetAlert");
            assertThat(Duration.between(ZonedDateTime.parse(timer.payload().get("currentTime").asText()),
                    ZonedDateTime.parse(timer.payload().get("scheduledTime").asText()))).isEqualTo(Duration.ofMinutes(10));

            Directive alarm = directive(ask(device, "wake me up at half past six tomorrow"), "Alerts.SetAlert");
            ZonedDateTime at = ZonedDateTime.parse(alarm.payload().get("scheduledTime").asText());
            assertThat(at.toLocalTime()).hasToString("06:30");
            assertThat(at.toLocalDate()).isEqualTo(ZonedDateTime.now(ZONE).toLocalDate().plusDays(1));
        }
    }
}
