package dev.opencic.server.dialog;

import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Zero false actions on the typed reject set (issue 18): every off-domain, unintelligible and
 * filler-only line of {@code nlu/en/reject.tsv}, typed to a real server over HTTP/2, creates and
 * deletes nothing, whatever the answer is. The account has an alarm, a memo, a reminder and a
 * calendar entry, so a wrong deletion would show. (The spoken half is measured by
 * {@code ConfidenceRoc} on generated audio; see docs/benchmarks-asr.md.)
 */
class RejectSetTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    /** Directives that create or delete something on the device. */
    static final Set<String> STATE_CHANGES = Set.of("Alerts.SetAlert", "Alerts.DeleteAlert", "Clova.AddMemo",
            "Clova.DeleteMemo", "Clova.AddReminder", "Clova.DeleteReminder", "Clova.AddSchedule", "Clova.DeleteSchedule");

    @Test
    void nothingTypedInTheRejectSetCreatesOrDeletesAnything() throws Exception {
        List<String> lines = typedRejects();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(200);
        try (TestDevice device = cic.deviceOf("u" + UUID.randomUUID().toString().substring(0, 8),
                "a long enough password", "device-" + UUID.randomUUID())) {
            device.connect();
            for (String setup : List.of("set an alarm for 7 am tomorrow", "take a note that the spare key is in the shed",
                    "remind me to call the plumber tomorrow at 9 am", "add netflix subscription tomorrow at 8 pm to my calendar",
                    "add my facebook account review tomorrow at 6 pm to my calendar")) {
                assertThat(names(say(device, setup))).as(setup).containsAnyElementsOf(STATE_CHANGES);
            }
            List<String> falseActions = new ArrayList<>();
            for (String text : lines) {
                List<Directive> answer = say(device, text);
                List<String> changes = names(answer).stream().filter(STATE_CHANGES::contains).toList();
                if (!changes.isEmpty()) {
                    falseActions.add("\"" + text + "\" -> " + changes + " (" + words(answer) + ")");
                }
            }
            assertThat(falseActions).as("false actions on %d typed rejects", lines.size()).isEmpty();
        }
    }

    static List<String> typedRejects() throws Exception {
        Path file = Path.of(RejectSetTest.class.getResource("/nlu/en/reject.tsv").toURI());
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", 2);
            if (!c[0].equals("noise") && !c[0].equals("reversed")) {
                out.add(c[1].strip());
            }
        }
        return out;
    }
}
