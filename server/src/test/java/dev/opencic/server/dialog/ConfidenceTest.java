package dev.opencic.server.dialog;

import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.sayIn;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Confidence decides, by text over HTTP/2: a state change the matcher is not sure of is asked
 * about, never done on a guess; a day heard but not understood is asked about, never dropped;
 * hesitations are not a memo. (Spoken requests: {@code SpokenConfidenceTest}.)
 */
class ConfidenceTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @Test
    void hesitationsAreNotAMemo() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            for (String words : List.of("note that um uh", "take a note uh um", "memo that um")) {
                List<Directive> answer = say(device, words);
                assertThat(names(answer)).as(words).doesNotContain("Clova.AddMemo");
                assertThat(words(answer)).as(words).doesNotStartWith("I saved a memo");
            }
            assertThat(words(say(device, "read my memos"))).isEqualTo("You have no memos.");
        }
    }

    @Test
    void aDayHeardButNotUnderstoodIsAskedAboutNotDropped() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            String dialog = MessageIds.newId();
            List<Directive> question = sayIn(device, dialog, "add dentist on friday at 3 pm");
            assertThat(names(question)).doesNotContain("Alerts.SetAlert", "Clova.AddSchedule")
                    .contains("SpeechRecognizer.ExpectSpeech");
            assertThat(words(question)).containsIgnoringCase("friday").endsWith("?");

            assertThat(words(sayIn(device, dialog, "no"))).isEqualTo("Okay, I won't.");
            assertThat(words(say(device, "what alarms do i have"))).isEqualTo("You don't have any alarms set.");
        }
    }

    @Test
    void anUnsureStateChangeIsAskedAndYesDoesIt() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            String dialog = MessageIds.newId();
            List<Directive> question = sayIn(device, dialog, "i want a reminder to feed the cat at six");
            assertThat(names(question)).doesNotContain("Clova.AddReminder").contains("SpeechRecognizer.ExpectSpeech");
            assertThat(words(question)).contains("Did you want a reminder to feed the cat at six?");

            List<Directive> done = sayIn(device, dialog, "yes please");
            assertThat(words(done)).contains("feed the cat");
            assertThat(words(say(device, "what are my reminders"))).contains("feed the cat");
        }
    }

    @Test
    void aRestatedRequestReplacesTheGuess() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            String dialog = MessageIds.newId();
            sayIn(device, dialog, "add dentist on friday at 3 pm");
            List<Directive> restated = sayIn(device, dialog, "add dentist on friday at 3 pm to my calendar");
            assertThat(names(restated)).doesNotContain("Alerts.SetAlert");
            assertThat(words(say(device, "what alarms do i have"))).isEqualTo("You don't have any alarms set.");
        }
    }

    @Test
    void offDomainRequestsChangeNothing() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            for (String words : List.of("the note was on the fridge", "remember the alamo", "set the thermostat to seventy two",
                    "add salt to the soup", "schedule is a hard word to pronounce", "count to ten")) {
                List<Directive> answer = say(device, words);
                assertThat(names(answer)).as(words).doesNotContain("Alerts.SetAlert", "Clova.AddMemo",
                        "Clova.AddReminder", "Clova.AddSchedule");
            }
            assertThat(words(say(device, "read my memos"))).isEqualTo("You have no memos.");
            assertThat(words(say(device, "what alarms do i have"))).isEqualTo("You don't have any alarms set.");
            assertThat(words(say(device, "what are my reminders"))).doesNotContain("alamo", "soup");
        }
    }

    static TestDevice newAccountDevice() throws Exception {
        TestDevice device = cic.deviceOf("u" + UUID.randomUUID().toString().substring(0, 8), "a long enough password",
                "device-" + UUID.randomUUID());
        device.connect();
        return device;
    }
}
