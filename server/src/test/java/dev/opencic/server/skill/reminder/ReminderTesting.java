package dev.opencic.server.skill.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reading pushed reminders off a test device's downchannel. */
final class ReminderTesting {

    private ReminderTesting() {}

    /** The directives of the next pushed reminder (Speak, its audio, RenderText), waiting up to {@code within}. */
    static List<Directive> nextReminder(StreamedParts down, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        List<Directive> got = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            StreamedParts.Part p = down.poll(Duration.ofMillis(200));
            if (p == null || !p.isJson()) {
                continue;
            }
            Directive d = p.directive();
            got.add(d);
            if (d.header().qualifiedName().equals("Clova.RenderText")) {
                return got;
            }
        }
        throw new AssertionError("no reminder pushed within " + within + "; got " + got);
    }

    /** Asserts that nothing but non-reminder parts arrive for {@code period}. */
    static void assertNoReminder(StreamedParts down, Duration period) throws Exception {
        long deadline = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < deadline) {
            StreamedParts.Part p = down.poll(Duration.ofMillis(200));
            if (p != null && p.isJson()) {
                assertThat(p.directive().header().qualifiedName())
                        .as("pushed directive").isNotIn("SpeechSynthesizer.Speak", "Clova.RenderText");
            }
        }
    }

    /** How many reminders the server counted as {@code outcome} ({@code delivered}, {@code held}, {@code expired}). */
    static double counted(CicServerExtension server, String outcome) {
        Counter c = server.server().meters().find("cic.reminders." + outcome).counter();
        return c == null ? 0 : c.count();
    }

    /** Waits until the server counted one more reminder as {@code outcome} than {@code before}. */
    static void awaitCounted(CicServerExtension server, String outcome, double before) {
        await().atMost(Duration.ofSeconds(15)).until(() -> counted(server, outcome) > before);
    }

    static String text(List<Directive> reminder) {
        return reminder.get(reminder.size() - 1).payload().path("text").asText();
    }
}
