package dev.opencic.server.skill.schedule;

import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The calendar by text over HTTP/2: each account's entries, with the reference's period semantics. */
class ScheduleTest {

    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension();

    static TestDevice account(String name) throws Exception {
        TestDevice d = server.deviceOf(name, name + "'s long password", "speaker-" + UUID.randomUUID());
        d.connect();
        return d;
    }

    static Directive named(List<Directive> directives, String qualifiedName) {
        return directives.stream().filter(d -> d.header().qualifiedName().equals(qualifiedName)).findFirst()
                .orElseThrow(() -> new AssertionError(qualifiedName + " not in " + names(directives)));
    }

    @Test
    void addListCountAndDelete() throws Exception {
        try (TestDevice device = account("frank")) {
            List<Directive> added = say(device, "add team lunch tomorrow at 1 pm to my calendar");
            Directive add = named(added, "Clova.AddSchedule");
            assertThat(add.payload().path("content").asText()).isEqualTo("team lunch");
            assertThat(add.payload().path("period").asText()).isEqualTo("hour");
            OffsetDateTime start = OffsetDateTime.parse(add.payload().path("scheduledTime").asText());
            assertThat(start.getHour()).isEqualTo(13);
            assertThat(add.payload().path("id").asText()).isNotBlank();
            assertThat(words(added)).contains("team lunch").contains("tomorrow at 1:00 PM");

            say(device, "add dentist appointment tomorrow at 4:30 pm to my calendar");
            say(device, "add board meeting the day after tomorrow at 9 am to my calendar");

            List<Directive> tomorrow = say(device, "what's on my calendar tomorrow");
            assertThat(names(tomorrow)).containsExactly("SpeechSynthesizer.Speak", "Clova.RenderTemplate",
                    "Clova.GetSchedule");
            assertThat(words(tomorrow)).contains("2 events tomorrow").contains("team lunch").contains("dentist appointment")
                    .doesNotContain("board meeting");
            Directive get = named(tomorrow, "Clova.GetSchedule");
            assertThat(get.payload().path("period").asText()).isEqualTo("day");
            assertThat(OffsetDateTime.parse(get.payload().path("scheduledTime").asText()).getHour()).isZero();
            Directive template = named(tomorrow, "Clova.RenderTemplate");
            assertThat(template.payload().path("type").asText()).isEqualTo("ScheduleList");
            assertThat(template.payload().path("scheduleList")).hasSize(2);
            assertThat(template.payload().at("/scheduleList/0/content/value").asText()).isEqualTo("team lunch");
            assertThat(template.payload().at("/scheduleList/0/start/type").asText()).isEqualTo("datetime");

            List<Directive> count = say(device, "how many events do i have tomorrow");
            assertThat(words(count)).isEqualTo("You have 2 events tomorrow.");
            assertThat(named(count, "Clova.CountSchedule").payload().path("period").asText()).isEqualTo("day");

            assertThat(words(say(device, "how many events do i have"))).isEqualTo("You have 3 events coming up.");

            List<Directive> cancelled = say(device, "cancel the dentist appointment");
            assertThat(words(cancelled)).contains("deleted dentist appointment");
            assertThat(named(cancelled, "Clova.DeleteSchedule").payload().path("period").asText()).isEqualTo("minute");
            assertThat(words(say(device, "cancel the yoga class"))).contains("couldn't find yoga class");

            List<Directive> cleared = say(device, "clear my calendar for tomorrow");
            assertThat(words(cleared)).isEqualTo("I deleted one event tomorrow.");
            assertThat(named(cleared, "Clova.DeleteSchedule").payload().path("period").asText()).isEqualTo("day");
            assertThat(words(say(device, "what's on my calendar tomorrow"))).isEqualTo("You have nothing on your calendar tomorrow.");
            assertThat(words(say(device, "clear my calendar for tomorrow"))).contains("nothing on your calendar");
        }
    }

    @Test
    void withoutATimeItAsksWhen() throws Exception {
        try (TestDevice device = account("grace")) {
            String dialog = MessageIds.newId();
            List<Directive> ask = send(device, dialog, "add piano lesson to my calendar");
            assertThat(words(ask)).isEqualTo("When is piano lesson?");
            assertThat(names(ask)).contains("SpeechRecognizer.ExpectSpeech");
            List<Directive> added = send(device, dialog, "tomorrow at 5 pm");
            assertThat(named(added, "Clova.AddSchedule").payload().path("content").asText()).isEqualTo("piano lesson");
            assertThat(words(say(device, "what's on my calendar tomorrow"))).contains("piano lesson tomorrow at 5:00 PM");
        }
    }

    @Test
    void badTimesGetASpokenAnswerAndNothingIsStored() throws Exception {
        try (TestDevice device = account("heidi")) {
            assertThat(words(say(device, "add dinner with joe on february 30th to my calendar"))).contains("doesn't exist");
            assertThat(words(say(device, "add standup yesterday at 9 am to my calendar"))).contains("already passed");
            assertThat(words(say(device, "what's on my calendar on february 30th"))).contains("no such date");
            assertThat(words(say(device, "clear my calendar for the someday"))).contains("didn't understand which day");
            assertThat(words(say(device, "delete an event"))).contains("which day");
            assertThat(words(say(device, "how many events do i have"))).isEqualTo("You have no events coming up.");
        }
    }

    @Test
    void accountsNeverSeeEachOthersCalendars() throws Exception {
        try (TestDevice ivan = account("ivan"); TestDevice judy = account("judy")) {
            say(ivan, "add ivan's surprise party tomorrow at 8 pm to my calendar");
            assertThat(words(say(judy, "what's on my calendar tomorrow"))).doesNotContain("surprise");
            assertThat(words(say(judy, "cancel the surprise party"))).contains("couldn't find");
            assertThat(words(say(judy, "clear my calendar for tomorrow"))).contains("nothing on your calendar");
            assertThat(words(say(ivan, "what's on my calendar tomorrow"))).contains("surprise party");
        }
    }

    static List<Directive> send(TestDevice device, String dialog, String text) throws Exception {
        StreamedParts res = device.send(TestDevice.metadata("TextRecognizer", "Recognize", dialog,
                TestDevice.payload().put("text", text)));
        assertThat(res.status()).isEqualTo(200);
        return res.directives();
    }
}
