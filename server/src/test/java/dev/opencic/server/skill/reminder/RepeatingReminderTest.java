package dev.opencic.server.skill.reminder;

import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static dev.opencic.server.skill.reminder.ReminderTesting.advance;
import static dev.opencic.server.skill.reminder.ReminderTesting.assertNoReminder;
import static dev.opencic.server.skill.reminder.ReminderTesting.connect;
import static dev.opencic.server.skill.reminder.ReminderTesting.nextReminder;
import static dev.opencic.server.skill.reminder.ReminderTesting.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Repeating reminders over HTTP/2: set, listed and deleted by voice; each occurrence spoken once on
 * the setter's downchannel, then the reminder moves to its next occurrence; an occurrence held
 * while the device was away is spoken once on reconnect and the series goes on from now.
 */
class RepeatingReminderTest {

    static final Duration DUE_WITHIN = Duration.ofSeconds(15);

    /** The server's clock: an occurrence's time comes when a test moves it, not while it waits. */
    static final MutableClock clock = new MutableClock(Instant.now());

    /**
     * A device here reconnects three times within the open-rate window (2 per 3 s of wall time), now
     * that no test waits out seconds between its connections.
     */
    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension(
            b -> b.asrPoolSize(0).downchannelMaxOpens(5), s -> s.clock(clock));

    static String deviceId() {
        return "speaker-" + UUID.randomUUID();
    }

    static ZoneId zone() {
        return server.server().config().timeZone();
    }

    /** The series after a held occurrence was spoken: pending again, due after now, with its task. */
    static Reminder movedOnAfterNow(RepeatingReminders db, String id) throws Exception {
        Reminder moved = db.find(id);
        assertThat(moved.state()).isEqualTo(Reminder.State.PENDING);
        assertThat(moved.remindAt()).isAfter(clock.instant());
        assertThat(db.tasks(id)).contains(RepeatingReminders.task(db.account(id), moved));
        return moved;
    }

    static String set(TestDevice device, String utterance) throws Exception {
        List<Directive> set = say(device, utterance);
        assertThat(names(set)).containsExactly("SpeechSynthesizer.Speak", "Clova.RenderText", "Clova.AddReminder",
                "Clova.RenderTemplate");
        return set.get(2).payload().path("id").asText();
    }

    @Test
    void settingListingAndDeletingByVoice() throws Exception {
        try (TestDevice device = server.deviceOf("frank", "frank's long password", deviceId());
             RepeatingReminders db = new RepeatingReminders(server)) {
            device.connect();
            List<Directive> set = say(device, "remind me to take my pills every day at 8 am");
            assertThat(words(set)).isEqualTo("Okay, I'll remind you to take my pills every day at 8 AM.");
            Directive add = set.get(2);
            assertThat(add.header().qualifiedName()).isEqualTo("Clova.AddReminder");
            // the directive keeps the reference's fields only
            assertThat(add.payload().fieldNames()).toIterable().containsExactlyInAnyOrder("id", "content");
            assertThat(add.payload().path("content").asText()).isEqualTo("take my pills");
            String pills = add.payload().path("id").asText();

            assertThat(words(say(device, "remind me to water the ferns every monday and wednesday at 7 pm")))
                    .isEqualTo("Okay, I'll remind you to water the ferns every Monday and Wednesday at 7 PM.");
            assertThat(words(say(device, "remind me to put the bins out every weekday at 7:30 am")))
                    .isEqualTo("Okay, I'll remind you to put the bins out every weekday at 7:30 AM.");
            assertThat(words(say(device, "remind me to call grandma on weekends at 11 am")))
                    .isEqualTo("Okay, I'll remind you to call grandma on weekends at 11 AM.");

            // stored with its days, its wall-clock time and its next occurrence, and scheduled for it
            Instant now = clock.instant();
            ZonedDateTime next = Recurrence.next(EnumSet.allOf(DayOfWeek.class), LocalTime.of(8, 0), zone(), now);
            Reminder r = db.find(pills);
            assertThat(r.repeatDays()).isEqualTo(EnumSet.allOf(DayOfWeek.class));
            assertThat(r.repeatTime()).isEqualTo(LocalTime.of(8, 0));
            assertThat(r.remindAt()).isEqualTo(next.toInstant());
            assertThat(db.tasks(pills)).containsExactly(RepeatingReminders.task(db.account(pills), r));

            List<Directive> list = say(device, "what are my reminders");
            String nextWords = ReminderSkill.spoken(next, now.atZone(zone()));
            assertThat(words(list)).contains("4 reminders")
                    .contains("take my pills, every day at 8 AM, next " + nextWords)
                    .contains("water the ferns, every Monday and Wednesday at 7 PM, next ");
            Directive render = list.stream().filter(d -> d.header().name().equals("RenderReminderList"))
                    .findFirst().orElseThrow();
            assertThat(render.payload().path("reminder")).hasSize(4);
            for (JsonNode item : render.payload().path("reminder")) {
                assertThat(item.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "content", "done");
            }

            List<Directive> deleted = say(device, "delete the reminder to take my pills");
            assertThat(words(deleted)).isEqualTo("I deleted the repeating reminder: take my pills.");
            assertThat(names(deleted)).contains("Clova.DeleteReminder");
            assertThat(words(say(device, "what are my reminders"))).contains("3 reminders").doesNotContain("pills");
            JsonNode got = device.send("Reminder", "Get", MessageIds.newId(), TestDevice.payload())
                    .next().directive().payload().path("reminder");
            assertThat(got.toString()).doesNotContain(pills);
        }
    }

    @Test
    void repetitionsOtherThanDaysOfTheWeekAreRefusedInWords() throws Exception {
        try (TestDevice device = server.deviceOf("hank", "hank's long password", deviceId())) {
            device.connect();
            for (String s : List.of("remind me to pay the rent every month", "remind me to water the lawn every other day",
                    "remind me to drink water every hour", "remind me to call dad weekly")) {
                List<Directive> answer = say(device, s);
                assertThat(words(answer)).as(s).contains("days of the week").contains("didn't set it");
                assertThat(names(answer)).as(s).doesNotContain("Clova.AddReminder");
            }
            assertThat(words(say(device, "remind me to stretch every day for 5 minutes"))).contains("like every day at 8 am");
            assertThat(words(say(device, "what are my reminders"))).isEqualTo("You have no reminders.");
            // a word that only looks like one is kept
            assertThat(words(say(device, "remind me to buy the weekly groceries"))).contains("buy the weekly groceries");
        }
    }

    @Test
    void anOccurrenceIsSpokenOnceThenTheReminderMovesToTheNext() throws Exception {
        try (TestDevice device = server.newDevice(); RepeatingReminders db = new RepeatingReminders(server)) {
            StreamedParts down = connect(server, device);
            String id = set(device, "remind me to stretch my back every day at 6 am");
            Reminder due = db.moveTo(id, clock.instant().plusSeconds(2), "PENDING", true);
            advance(server, clock, Duration.ofSeconds(2));

            List<Directive> pushed = nextReminder(down, DUE_WITHIN);
            assertThat(names(pushed)).containsExactly("Notifier.Notify", "SpeechSynthesizer.Speak", "Clova.RenderText");
            assertThat(pushed.get(0).header().dialogRequestId()).isNull();
            assertThat(text(pushed)).isEqualTo("Reminder: stretch my back.");

            // the next day at the same wall-clock time, with its own task
            Instant tomorrow = Recurrence.next(due.repeatDays(), due.repeatTime(), due.zone(), due.remindAt()).toInstant();
            await().atMost(Duration.ofSeconds(5)).until(() -> db.find(id).remindAt().equals(tomorrow));
            Reminder moved = db.find(id);
            assertThat(moved.state()).isEqualTo(Reminder.State.PENDING);
            assertThat(moved.repeatTime()).isEqualTo(due.repeatTime());
            String account = db.account(id);
            await().atMost(Duration.ofSeconds(5)).until(() -> db.tasks(id).contains(RepeatingReminders.task(account, moved)));
            // the occurrence spoken has no task left (the 6 am one set by voice is stale: it will do nothing)
            assertThat(db.tasks(id)).doesNotContain(RepeatingReminders.task(account, due)).hasSize(2);
            assertNoReminder(server, clock, device, down);

            // a stray task for the occurrence already spoken (a duplicate, a node that lagged) does nothing
            db.scheduleTask(due, clock.instant());
            assertNoReminder(server, clock, device, down);
            assertThat(db.find(id)).isEqualTo(moved);
            assertThat(words(say(device, "what are my reminders"))).contains("stretch my back, every day at");
        }
    }

    @Test
    void anOccurrenceDueWhileOfflineIsSpokenOnceOnReconnectAndTheSeriesGoesOnFromNow() throws Exception {
        String deviceId = deviceId();
        String id;
        Reminder due;
        try (TestDevice device = server.device(deviceId); RepeatingReminders db = new RepeatingReminders(server)) {
            device.connect();
            id = set(device, "remind me to feed the fish every day at 6 am");
            due = db.moveTo(id, clock.instant().plusSeconds(2), "PENDING", true);
        }
        advance(server, clock, Duration.ofSeconds(2));
        try (RepeatingReminders db = new RepeatingReminders(server)) {
            // due while the device is away: held at that occurrence, no later one scheduled
            await().atMost(DUE_WITHIN).until(() -> db.stateOf(id).equals("HELD"));
            assertThat(db.find(id).remindAt()).isEqualTo(due.remindAt());
        }
        try (TestDevice device = server.device(deviceId); RepeatingReminders db = new RepeatingReminders(server)) {
            StreamedParts down = connect(server, device);
            assertThat(text(nextReminder(down, DUE_WITHIN))).isEqualTo("Reminder: feed the fish.");
            assertNoReminder(server, clock, device, down);
            assertThat(movedOnAfterNow(db, id).remindAt())
                    .isEqualTo(Recurrence.next(due.repeatDays(), due.repeatTime(), due.zone(), clock.instant()).toInstant());
        }
        try (TestDevice device = server.device(deviceId)) {
            assertNoReminder(server, clock, device, connect(server, device));
        }
    }

    @Test
    void aSeriesHeldForDaysSpeaksItsLastOccurrenceOnceNotEveryDayMissed() throws Exception {
        String deviceId = deviceId();
        String id;
        try (TestDevice device = server.device(deviceId); RepeatingReminders db = new RepeatingReminders(server)) {
            device.connect();
            id = set(device, "remind me to check the mail every day at 6 am");
            // came due three days ago, an hour later in the day than now, and held since; the last
            // occurrence missed was an hour ago, within the hold time
            db.moveTo(id, clock.instant().minus(Duration.ofDays(3)).minus(Duration.ofHours(1)), "HELD", false);
        }
        try (TestDevice device = server.device(deviceId); RepeatingReminders db = new RepeatingReminders(server)) {
            StreamedParts down = connect(server, device);
            assertThat(text(nextReminder(down, DUE_WITHIN))).isEqualTo("Reminder: check the mail.");
            assertNoReminder(server, clock, device, down);
            assertThat(movedOnAfterNow(db, id).remindAt()).isBefore(clock.instant().plus(Duration.ofDays(1)));
        }
    }

    @Test
    void aDeletedSeriesIsNotSpokenNorMovedOn() throws Exception {
        try (TestDevice device = server.deviceOf("gina", "gina's long password", deviceId());
             RepeatingReminders db = new RepeatingReminders(server)) {
            StreamedParts down = connect(server, device);
            String id = set(device, "remind me to walk the dog every weekday at 6 am");
            Reminder setByVoice = db.find(id);
            db.moveTo(id, clock.instant().plusSeconds(3), "PENDING", true);
            assertThat(words(say(device, "delete the reminder to walk the dog")))
                    .isEqualTo("I deleted the repeating reminder: walk the dog.");
            advance(server, clock, Duration.ofSeconds(3));
            assertNoReminder(server, clock, device, down);
            // the due task ran and did nothing: no task for a later occurrence was made
            assertThat(db.tasks(id)).containsExactly(RepeatingReminders.task(db.account(id), setByVoice));
            assertThat(db.stateOf(id)).isEqualTo("PENDING");
        }
    }
}
