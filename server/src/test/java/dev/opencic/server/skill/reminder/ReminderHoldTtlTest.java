package dev.opencic.server.skill.reminder;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static dev.opencic.server.skill.reminder.ReminderTesting.assertNoReminder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A reminder held longer than {@code reminder-hold-ttl-seconds} is dropped, not spoken late. */
class ReminderHoldTtlTest {

    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension(b -> b.reminderHoldTtl(Duration.ofSeconds(1)));

    @Test
    void aStaleHeldReminderIsDropped() throws Exception {
        String id = "bedroom-speaker";
        try (TestDevice device = server.device(id)) {
            device.connect();
            say(device, "remind me to take the cake out in 2 seconds");
            say(device, "remind me to buy candles");
        }
        Thread.sleep(5000); // due after 2 s, dropped from 3 s on
        try (TestDevice device = server.device(id)) {
            assertNoReminder(device.connect(), Duration.ofSeconds(3));
            String list = words(say(device, "what are my reminders"));
            assertThat(list).contains("buy candles").doesNotContain("cake");
        }
    }
}
