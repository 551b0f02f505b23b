package dev.opencic.server.skill.reminder;

import static dev.opencic.server.testing.SpokenRequests.ask;
import static dev.opencic.server.testing.SpokenRequests.directive;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Memos and reminders by voice: flite speaks, the server's recogniser hears (its
 * language model has the dictated-text examples), and the same skills answer as for text.
 */
class SpokenPlannerTest {

    static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1).timeZone(ZONE));

    @Test
    void aSpokenMemoAndASpokenReminderAreKept() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            // Dictated words are the recogniser's weakest point (free-text WER in docs/benchmarks-asr.md):
            // check the request was understood and kept, and that the list shows what was kept.
            Directive memo = directive(ask(device, "take a note that the car is in the garage"), "Clova.AddMemo");
            String kept = memo.payload().path("content").asText();
            assertThat(kept).startsWith("the car is in");

            List<Directive> answer = ask(device, "remind me to call mom tomorrow at five pm");
            assertThat(directive(answer, "Clova.AddReminder").payload().path("content").asText()).isNotBlank();
            assertThat(directive(answer, "Clova.RenderText").payload().path("text").asText())
                    .contains("tomorrow").contains("5");

            Directive list = directive(ask(device, "what are my notes"), "Clova.RenderMemoList");
            assertThat(list.payload().toString()).contains(kept);
        }
    }

    @Test
    void aSpokenRepeatingReminderRepeats() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> answer = ask(device, "remind me to take my pills every day at eight am");
            assertThat(directive(answer, "Clova.AddReminder").payload().path("content").asText()).isNotBlank();
            assertThat(directive(answer, "Clova.RenderText").payload().path("text").asText())
                    .startsWith("Okay, I'll remind you to ").endsWith(" every day at 8 AM.");
        }
    }
}
