package dev.opencic.server.skill.reminder;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.reminder.ReminderTesting.advance;
import static dev.opencic.server.skill.reminder.ReminderTesting.assertNoReminder;
import static dev.opencic.server.skill.reminder.ReminderTesting.connect;
import static dev.opencic.server.skill.reminder.ReminderTesting.nextReminder;
import static dev.opencic.server.skill.reminder.ReminderTesting.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reminders survive a server restart: the durable task, and a reminder held for an offline device. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReminderRestartTest {

    /** The server's clock: a reminder's time comes when a test moves it, not while it waits. */
    static final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension(b -> b.asrPoolSize(0), s -> s.clock(clock));

    @Test
    @Order(1)
    void aReminderSetBeforeARestartIsSpokenAfterIt() throws Exception {
        String id = "kitchen-speaker";
        try (TestDevice device = server.device(id)) {
            device.connect();
            say(device, "remind me to turn off the oven in 8 seconds");
        }
        server.stop();
        server.start();
        try (TestDevice device = server.device(id)) {
            StreamedParts down = connect(server, device);
            advance(server, clock, Duration.ofSeconds(8));
            assertThat(text(nextReminder(down, Duration.ofSeconds(20)))).isEqualTo("Reminder: turn off the oven.");
            assertNoReminder(server, clock, device, down);
        }
    }

    @Test
    @Order(2)
    void aReminderDueWhileTheServerWasDownIsSpokenOnceAfterTheRestart() throws Exception {
        String id = "hall-speaker";
        try (TestDevice device = server.device(id)) {
            device.connect();
            say(device, "remind me to lock the back door in 2 seconds");
        }
        server.stop();
        clock.advance(Duration.ofSeconds(3)); // due while the server is down
        server.start();
        try (TestDevice device = server.device(id)) {
            StreamedParts down = connect(server, device);
            assertThat(text(nextReminder(down, Duration.ofSeconds(20)))).isEqualTo("Reminder: lock the back door.");
            assertNoReminder(server, clock, device, down);
        }
        server.stop();
        server.start();
        try (TestDevice device = server.device(id)) {
            assertNoReminder(server, clock, device, connect(server, device));
        }
    }
}
