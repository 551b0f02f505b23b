package dev.opencic.server.skill.reminder;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static dev.opencic.server.skill.reminder.ReminderTesting.assertNoReminder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.time.Instant;
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

    @Test
    void aStaleOccurrenceOfARepeatingReminderIsDroppedAndTheSeriesGoesOn() throws Exception {
        String id = "nursery-speaker";
        String reminder;
        try (TestDevice device = server.device(id); RepeatingReminders db = new RepeatingReminders(server)) {
            device.connect();
            reminder = say(device, "remind me to open the window every day at 6 am").get(2).payload().path("id").asText();
            db.moveTo(reminder, Instant.now().plusSeconds(2), "PENDING", true);
        }
        Thread.sleep(5000); // due after 2 s, held, stale from 3 s on
        try (TestDevice device = server.device(id); RepeatingReminders db = new RepeatingReminders(server)) {
            assertNoReminder(device.connect(), Duration.ofSeconds(3));
            Reminder next = db.find(reminder);
            assertThat(next.state()).isEqualTo(Reminder.State.PENDING);
            assertThat(next.remindAt()).isAfter(Instant.now());
            assertThat(db.tasks(reminder)).contains(RepeatingReminders.task(db.account(reminder), next));
            assertThat(words(say(device, "what are my reminders"))).contains("open the window, every day at");
        }
    }
}
