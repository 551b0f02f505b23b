package dev.opencic.server.skill.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter;
import dev.opencic.protocol.Directive;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import dev.opencic.server.scheduling.TaskScheduler;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reading pushed reminders off a test device's downchannel, and checking that none was pushed from
 * positive signals (the due tasks ran, the held reminders were looked up, a marker came through)
 * rather than by watching the wall clock for a while.
 */
final class ReminderTesting {

    /** The longest a positive signal (a pushed reminder, a task run, a marker) is waited for. */
    static final Duration AWAIT = Duration.ofSeconds(15);

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

    /**
     * Moves the server's clock and has the scheduler look for due reminders at once, rather than
     * at its next poll.
     */
    static void advance(CicServerExtension server, MutableClock clock, Duration by) {
        clock.advance(by);
        server.server().scheduler().checkDueNow();
    }

    /**
     * Opens the device's downchannel and waits until the server has looked up the reminders held
     * for it (and pushed them, if any), so what follows can check what arrived instead of waiting
     * to see whether something does.
     */
    static StreamedParts connect(CicServerExtension server, TestDevice device) throws Exception {
        double before = counted(server, "held.checks");
        StreamedParts down = device.connect();
        await().atMost(AWAIT).until(() -> counted(server, "held.checks") > before);
        return down;
    }

    /**
     * Asserts that no reminder was pushed on {@code down}, the device's open downchannel, without
     * waiting to see that nothing comes: first every reminder task due by {@code clock} has run (the
     * scheduler is nudged, then the tasks' rows are awaited gone: a task pushes before it
     * completes), then a marker is pushed behind whatever those tasks (or a reconnect, see
     * {@link #connect}) pushed, and the parts up to it must hold no Speak or RenderText.
     */
    static void assertNoReminder(CicServerExtension server, Clock clock, TestDevice device, StreamedParts down)
            throws Exception {
        awaitDueRemindersRun(server, clock);
        Directive marker = Directive.of("Test", "Marker", null);
        DeviceIdentity identity = server.server().auth().tokens().verify(device.accessToken()).get().orElseThrow();
        assertThat(server.server().downchannels().push(identity, Reply.builder().directive(marker).build())
                .get(AWAIT.toSeconds(), TimeUnit.SECONDS)).as("marker pushed on an open downchannel").isTrue();
        List<String> before = new ArrayList<>();
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (System.nanoTime() < deadline) {
            StreamedParts.Part p = down.poll(Duration.ofMillis(200));
            if (p == null || !p.isJson()) {
                continue;
            }
            Directive d = p.directive();
            if (marker.header().messageId().equals(d.header().messageId())) {
                assertThat(before).as("pushed before the marker").doesNotContain("SpeechSynthesizer.Speak", "Clova.RenderText");
                return;
            }
            before.add(d.header().qualifiedName());
        }
        throw new AssertionError("marker not received within " + AWAIT + "; got " + before);
    }

    /** Nudges the scheduler and waits until no reminder task due by {@code clock} is left (run or running). */
    static void awaitDueRemindersRun(CicServerExtension server, Clock clock) {
        TaskScheduler scheduler = server.server().scheduler();
        Instant now = clock.instant();
        scheduler.checkDueNow();
        await().atMost(AWAIT).pollInterval(Duration.ofMillis(50)).until(() -> scheduler.client()
                .getScheduledExecutionsForTask(ReminderDelivery.TASK, Void.class, ScheduledExecutionsFilter.all())
                .stream().allMatch(e -> e.getExecutionTime().isAfter(now)));
    }

    /** How many reminders the server counted as {@code outcome} ({@code delivered}, {@code held}, {@code expired}). */
    static double counted(CicServerExtension server, String outcome) {
        Counter c = server.server().meters().find("cic.reminders." + outcome).counter();
        return c == null ? 0 : c.count();
    }

    /** Waits until the server counted one more reminder as {@code outcome} than {@code before}. */
    static void awaitCounted(CicServerExtension server, String outcome, double before) {
        await().atMost(AWAIT).until(() -> counted(server, outcome) > before);
    }

    static String text(List<Directive> reminder) {
        return reminder.get(reminder.size() - 1).payload().path("text").asText();
    }
}
