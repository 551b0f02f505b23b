package dev.opencic.server.skill.reminder;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static dev.opencic.server.skill.reminder.ReminderTesting.advance;
import static dev.opencic.server.skill.reminder.ReminderTesting.awaitCounted;
import static dev.opencic.server.skill.reminder.ReminderTesting.counted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A reminder held longer than {@code reminder-hold-ttl-seconds} is dropped, not spoken late. */
class ReminderHoldTtlTest {

    static final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension(
            b -> b.reminderHoldTtl(Duration.ofSeconds(1)).asrPoolSize(0), s -> s.clock(clock));

    @Test
    void aStaleHeldReminderIsDropped() throws Exception {
        String id = "bedroom-speaker";
        try (TestDevice device = server.device(id)) {
            device.connect();
            say(device, "remind me to take the cake out in 2 seconds");
            say(device, "remind me to buy candles");
        }
        double held = counted(server, "held");
        advance(server, clock, Duration.ofSeconds(2)); // due, with the device away: held
        awaitCounted(server, "held", held);
        advance(server, clock, Duration.ofSeconds(2)); // stale from 1 s after its time
        double expired = counted(server, "expired");
        try (TestDevice device = server.device(id)) {
            device.connect();
            awaitCounted(server, "expired", expired);
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
            db.moveTo(reminder, clock.instant().plusSeconds(2), "PENDING", true);
        }
        double held = counted(server, "held");
        advance(server, clock, Duration.ofSeconds(2)); // due, with the device away: held
        awaitCounted(server, "held", held);
        advance(server, clock, Duration.ofSeconds(2)); // stale from 1 s after its time
        double expired = counted(server, "expired");
        try (TestDevice device = server.device(id); RepeatingReminders db = new RepeatingReminders(server)) {
            device.connect();
            awaitCounted(server, "expired", expired);
            Reminder next = db.find(reminder);
            assertThat(next.state()).isEqualTo(Reminder.State.PENDING);
            assertThat(next.remindAt()).isAfter(clock.instant());
            assertThat(db.tasks(reminder)).contains(RepeatingReminders.task(db.account(reminder), next));
            assertThat(words(say(device, "what are my reminders"))).contains("open the window, every day at");
        }
    }
}
