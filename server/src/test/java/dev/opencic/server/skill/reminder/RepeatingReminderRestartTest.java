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

/**
 * A repeating reminder survives restarts, including a crash at the two points where one occurrence
 * hands over to the next: after the row moved on but before its task was written, and after the
 * push but before the occurrence was settled.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RepeatingReminderRestartTest {

    static final String DEVICE = "bathroom-speaker";
    static String id;

    /** The server's clock: a reminder's time comes when a test moves it, not while it waits. */
    static final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension(b -> b.asrPoolSize(0), s -> s.clock(clock));

    @Test
    @Order(1)
    void theSeriesAndItsTaskSurviveARestart() throws Exception {
        try (TestDevice device = server.device(DEVICE)) {
            device.connect();
            id = say(device, "remind me to take my pills every day at 8 am").get(2).payload().path("id").asText();
        }
        Reminder before;
        String task;
        try (RepeatingReminders db = new RepeatingReminders(server)) {
            before = db.find(id);
            task = RepeatingReminders.task(db.account(id), before);
            assertThat(db.tasks(id)).containsExactly(task);
        }
        server.stop();
        server.start();
        try (RepeatingReminders db = new RepeatingReminders(server)) {
            assertThat(db.find(id)).isEqualTo(before);
            assertThat(db.tasks(id)).containsExactly(task);
        }
    }

    @Test
    @Order(2)
    void aCrashAfterTheMoveButBeforeTheTaskDoesNotEndTheSeries() throws Exception {
        server.stop();
        Reminder moved;
        try (RepeatingReminders db = new RepeatingReminders(server)) {
            // as left by a crash between the update that moved the row and the write of the task
            moved = db.moveTo(id, clock.instant().plusSeconds(8), "PENDING", false);
            db.deleteTasks(id);
            assertThat(db.tasks(id)).isEmpty();
        }
        server.start();
        try (TestDevice device = server.device(DEVICE); RepeatingReminders db = new RepeatingReminders(server)) {
            assertThat(db.tasks(id)).containsExactly(RepeatingReminders.task(db.account(id), moved));
            StreamedParts down = connect(server, device);
            advance(server, clock, Duration.ofSeconds(8));
            assertThat(text(nextReminder(down, Duration.ofSeconds(20)))).isEqualTo("Reminder: take my pills.");
            assertNoReminder(server, clock, device, down);
            Reminder next = db.find(id);
            assertThat(next.remindAt()).isEqualTo(Recurrence.next(moved.repeatDays(), moved.repeatTime(), moved.zone(),
                    moved.remindAt()).toInstant()).isAfter(clock.instant());
            assertThat(db.tasks(id)).containsExactly(RepeatingReminders.task(db.account(id), next));
        }
    }

    @Test
    @Order(3)
    void anOccurrenceLeftUnsettledByACrashIsSpokenOnReconnectThenTheSeriesGoesOn() throws Exception {
        server.stop();
        try (RepeatingReminders db = new RepeatingReminders(server)) {
            // as left by a crash while the occurrence was being pushed
            db.moveTo(id, clock.instant().minusSeconds(1), "DELIVERING", false);
            db.deleteTasks(id);
        }
        server.start();
        Reminder next;
        try (TestDevice device = server.device(DEVICE); RepeatingReminders db = new RepeatingReminders(server)) {
            StreamedParts down = connect(server, device);
            assertThat(text(nextReminder(down, Duration.ofSeconds(20)))).isEqualTo("Reminder: take my pills.");
            assertNoReminder(server, clock, device, down);
            next = db.find(id);
            assertThat(next.state()).isEqualTo(Reminder.State.PENDING);
            assertThat(next.remindAt()).isAfter(clock.instant());
        }
        server.stop();
        server.start();
        try (TestDevice device = server.device(DEVICE); RepeatingReminders db = new RepeatingReminders(server)) {
            assertNoReminder(server, clock, device, connect(server, device));
            assertThat(db.find(id)).isEqualTo(next);
            assertThat(db.tasks(id)).containsExactly(RepeatingReminders.task(db.account(id), next));
        }
    }
}
