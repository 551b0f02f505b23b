package dev.opencic.server.skill.reminder;

import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static dev.opencic.server.skill.reminder.ReminderTesting.advance;
import static dev.opencic.server.skill.reminder.ReminderTesting.assertNoReminder;
import static dev.opencic.server.skill.reminder.ReminderTesting.awaitCounted;
import static dev.opencic.server.skill.reminder.ReminderTesting.connect;
import static dev.opencic.server.skill.reminder.ReminderTesting.counted;
import static dev.opencic.server.skill.reminder.ReminderTesting.nextReminder;
import static dev.opencic.server.skill.reminder.ReminderTesting.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reminders over HTTP/2: set by text, spoken at their time on the downchannel of the device that set
 * them (online, after a reconnect, across a server restart), never twice; the device's Reminder
 * events; bad input.
 */
class ReminderTest {

    static final Duration DUE_WITHIN = Duration.ofSeconds(15);

    /** The server's clock: a reminder's time comes when a test moves it, not while it waits. */
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

    @Test
    void aReminderIsSpokenAtItsTimeOnTheDevicesDownchannelOnce() throws Exception {
        try (TestDevice device = server.newDevice()) {
            StreamedParts down = connect(server, device);
            List<Directive> set = say(device, "remind me to stretch my legs in 2 seconds");
            assertThat(names(set)).containsExactly("SpeechSynthesizer.Speak", "Clova.RenderText", "Clova.AddReminder",
                "Clova.RenderTemplate");
            assertThat(set.get(2).payload().path("content").asText()).isEqualTo("stretch my legs");
            assertThat(words(set)).contains("stretch my legs").contains("today at");

            advance(server, clock, Duration.ofSeconds(2));
            List<Directive> pushed = nextReminder(down, DUE_WITHIN);
            assertThat(names(pushed)).containsExactly("Notifier.Notify", "SpeechSynthesizer.Speak", "Clova.RenderText");
            assertThat(pushed.get(0).header().dialogRequestId()).isNull();
            assertThat(pushed.get(1).payload().path("ttsText").asText()).isEqualTo("Reminder: stretch my legs.");
            assertThat(text(pushed)).isEqualTo("Reminder: stretch my legs.");
            assertNoReminder(server, clock, device, down);

            // Reconnecting does not bring it back.
            assertNoReminder(server, clock, device, connect(server, device));
        }
    }

    @Test
    void aReminderDueWhileOfflineIsSpokenWhenTheDeviceReconnects() throws Exception {
        String id = deviceId();
        try (TestDevice device = server.device(id)) {
            device.connect();
            say(device, "remind me to take the laundry out in 2 seconds");
        }
        double held = counted(server, "held");
        advance(server, clock, Duration.ofSeconds(2)); // due while the device is away: held
        awaitCounted(server, "held", held);
        try (TestDevice device = server.device(id)) {
            StreamedParts down = connect(server, device);
            assertThat(text(nextReminder(down, DUE_WITHIN))).isEqualTo("Reminder: take the laundry out.");
            assertNoReminder(server, clock, device, down);
        }
        try (TestDevice device = server.device(id)) {
            assertNoReminder(server, clock, device, connect(server, device));
        }
    }

    @Test
    void otherDevicesAndAccountsDoNotGetIt() throws Exception {
        try (TestDevice setter = server.newDevice(); TestDevice other = server.newDevice();
             TestDevice bob = server.deviceOf("bob", "bob's long password", deviceId())) {
            StreamedParts setterDown = connect(server, setter);
            StreamedParts otherDown = connect(server, other);
            StreamedParts bobDown = connect(server, bob);
            say(setter, "remind me to feed the cat in 2 seconds");
            advance(server, clock, Duration.ofSeconds(2));
            assertThat(text(nextReminder(setterDown, DUE_WITHIN))).contains("feed the cat");
            assertNoReminder(server, clock, other, otherDown);
            assertNoReminder(server, clock, bob, bobDown);
            assertThat(words(say(bob, "what are my reminders"))).doesNotContain("feed the cat");
            assertThat(words(say(bob, "delete the reminder to feed the cat"))).contains("no reminders");
            StreamedParts res = bob.send("Reminder", "Get", MessageIds.newId(), TestDevice.payload());
            assertThat(res.next().directive().payload().path("reminder")).isEmpty();
        }
    }

    @Test
    void listingAndDeletingByVoice() throws Exception {
        try (TestDevice device = server.deviceOf("carol", "carol's long password", deviceId())) {
            device.connect();
            assertThat(words(say(device, "what are my reminders"))).isEqualTo("You have no reminders.");
            say(device, "remind me to buy oat milk");
            say(device, "remind me to call the plumber tomorrow at 9 am");
            List<Directive> list = say(device, "what are my reminders");
            assertThat(words(list)).contains("2 reminders").contains("buy oat milk").contains("call the plumber, tomorrow at 9:00 AM");
            Directive render = list.stream().filter(d -> d.header().name().equals("RenderReminderList")).findFirst().orElseThrow();
            assertThat(render.payload().path("reminder")).hasSize(2);
            assertThat(render.payload().path("reminder").get(0).path("done").asBoolean()).isFalse();

            assertThat(words(say(device, "delete the reminder about the dentist"))).contains("couldn't find a reminder");
            List<Directive> deleted = say(device, "delete the reminder to call the plumber");
            assertThat(names(deleted)).contains("Clova.DeleteReminder");
            assertThat(words(say(device, "what are my reminders"))).contains("one reminder").doesNotContain("plumber");
        }
    }

    @Test
    void aDeletedReminderIsNotSpoken() throws Exception {
        try (TestDevice device = server.deviceOf("dave", "dave's long password", deviceId())) {
            StreamedParts down = connect(server, device);
            List<Directive> set = say(device, "remind me to water the ferns in 3 seconds");
            String id = set.get(2).payload().path("id").asText();
            assertThat(device.send("Reminder", "Deleted", MessageIds.newId(), TestDevice.payload().put("id", id))
                    .status()).isEqualTo(204);
            double spokenOrHeld = counted(server, "delivered") + counted(server, "held");
            advance(server, clock, Duration.ofSeconds(3));
            // Its task has run (or was never left to run), and spoke nothing.
            assertNoReminder(server, clock, device, down);
            assertThat(server.server().scheduler().client().getScheduledExecutionsForTask(ReminderDelivery.TASK))
                    .noneMatch(e -> e.getTaskInstance().getId().contains(id));
            assertThat(counted(server, "delivered") + counted(server, "held")).isEqualTo(spokenOrHeld);
        }
    }

    @Test
    void deviceEventsKeepTheServerCopy() throws Exception {
        try (TestDevice device = server.deviceOf("erin", "erin's long password", deviceId())) {
            device.connect();
            String id = UUID.randomUUID().toString();
            assertThat(event(device, "Created", TestDevice.payload().put("id", id).put("content", "renew passport")
                    .put("done", false)).status()).isEqualTo(204);
            assertThat(event(device, "Updated", TestDevice.payload().put("id", id).put("content", "renew passport")
                    .put("done", true)).status()).isEqualTo(204);
            JsonNode list = event(device, "Get", TestDevice.payload()).next().directive().payload().path("reminder");
            assertThat(list).hasSize(1);
            assertThat(list.get(0).path("done").asBoolean()).isTrue();
            assertThat(event(device, "Deleted", TestDevice.payload().put("id", id)).status()).isEqualTo(204);
            assertThat(event(device, "Get", TestDevice.payload()).next().directive().payload().path("reminder")).isEmpty();
            // created again under the same id (a device re-adding it): stored, not silently dropped
            assertThat(event(device, "Created", TestDevice.payload().put("id", id).put("content", "book the flight"))
                    .status()).isEqualTo(204);
            JsonNode again = event(device, "Get", TestDevice.payload()).next().directive().payload().path("reminder");
            assertThat(again).hasSize(1);
            assertThat(again.get(0).path("content").asText()).isEqualTo("book the flight");
        }
    }

    @Test
    void badInputGetsASpokenAnswerOr400() throws Exception {
        try (TestDevice device = server.newDevice()) {
            device.connect();
            assertThat(words(say(device, "remind me to call mom yesterday at 5 pm"))).contains("already passed");
            assertThat(words(say(device, "remind me to pay the rent on february 30th"))).contains("doesn't exist");
            assertThat(words(say(device, "remind me to pay the rent on february 30th"))).contains("doesn't exist");
            List<Directive> ask = say(device, "set a reminder");
            assertThat(names(ask)).contains("SpeechRecognizer.ExpectSpeech");

            assertBadRequest(event(device, "Updated", TestDevice.payload().put("id", "nope").put("content", "x")),
                    "unknown reminder id");
            assertBadRequest(event(device, "Deleted", TestDevice.payload().put("id", "nope")), "unknown reminder id");
            assertBadRequest(event(device, "Created", TestDevice.payload().put("id", "r1")), "payload.content");
            assertBadRequest(event(device, "Created", TestDevice.payload().put("id", "r1").put("content", "x")
                    .put("done", "yes")), "done");
            assertBadRequest(event(device, "Created", TestDevice.payload().put("content", "x")), "payload.id");
        }
    }

    static StreamedParts event(TestDevice device, String name, ObjectNode payload) throws Exception {
        return device.send("Reminder", name, MessageIds.newId(), payload);
    }

    static void assertBadRequest(StreamedParts res, String descriptionPart) throws Exception {
        assertThat(res.status()).isEqualTo(400);
        JsonNode exception = MessageCodec.mapper().readTree(res.next().body());
        assertThat(exception.at("/header/name").asText()).isEqualTo("Exception");
        assertThat(exception.at("/payload/description").asText()).contains(descriptionPart).doesNotContain("\tat ");
    }
}
