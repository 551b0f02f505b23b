package dev.opencic.server.skill.reminder;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.reminder.ReminderTesting.AWAIT;
import static dev.opencic.server.skill.reminder.ReminderTesting.advance;
import static dev.opencic.server.skill.reminder.ReminderTesting.assertNoReminder;
import static dev.opencic.server.skill.reminder.ReminderTesting.awaitCounted;
import static dev.opencic.server.skill.reminder.ReminderTesting.connect;
import static dev.opencic.server.skill.reminder.ReminderTesting.counted;
import static dev.opencic.server.skill.reminder.ReminderTesting.nextReminder;
import static dev.opencic.server.skill.reminder.ReminderTesting.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import dev.opencic.server.testing.UnacknowledgingDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delivery that means delivery (issue 17): a reminder counts as delivered only when the device has
 * read it, shown by the ACK of a PING the server sends after it on the same connection. A device
 * whose HTTP/2 stack receives the reminder but never acknowledges the PING (it hangs, then its
 * connection goes) keeps the reminder held; when it reconnects it hears it, once.
 */
class ReminderConfirmedDeliveryTest {

    static final MutableClock clock = new MutableClock(Instant.now());

    // The server's own keep-alive PINGs come only after a minute of silence: any PING the mute
    // device sees here is the one that follows the reminder. The device reconnects three times
    // within seconds, which the default downchannel open rate would refuse.
    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension(
            b -> b.asrPoolSize(0).pingInterval(Duration.ofSeconds(60)).downchannelMaxOpens(10), s -> s.clock(clock));

    @Test
    void aDeviceThatNeverAcknowledgesThePingGetsTheReminderAgainOnReconnectOnce() throws Exception {
        String id = "porch-speaker";
        try (TestDevice device = server.device(id)) {
            device.connect();
            say(device, "remind me to water the plants in 8 seconds");
        }
        double delivered = counted(server, "delivered");
        double held = counted(server, "held");
        double checks = counted(server, "held.checks");

        try (UnacknowledgingDevice mute = new UnacknowledgingDevice("127.0.0.1", server.server().httpPort(),
                server.obtainToken(id).accessToken(), "Reminder: water the plants.")) {
            await().atMost(AWAIT).until(() -> counted(server, "held.checks") > checks); // its downchannel is open
            advance(server, clock, Duration.ofSeconds(8));
            assertThat(mute.pingedAfterAwaited().await(AWAIT.toSeconds(), TimeUnit.SECONDS)).isTrue(); // read the reminder, then goes
        }
        awaitCounted(server, "held", held);
        assertThat(counted(server, "delivered")).as("not delivered: its PING was never acknowledged")
                .isEqualTo(delivered);

        try (TestDevice device = server.device(id)) {
            StreamedParts down = connect(server, device);
            assertThat(text(nextReminder(down, AWAIT))).isEqualTo("Reminder: water the plants.");
            awaitCounted(server, "delivered", delivered); // this one's PING was acknowledged
            assertNoReminder(server, clock, device, down);
        }
        try (TestDevice device = server.device(id)) {
            assertNoReminder(server, clock, device, connect(server, device)); // never twice once confirmed
        }
    }
}
