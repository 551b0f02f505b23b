package dev.opencic.server.skill.reminder;

import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static dev.opencic.server.skill.reminder.ReminderTesting.AWAIT;
import static dev.opencic.server.skill.reminder.ReminderTesting.advance;
import static dev.opencic.server.skill.reminder.ReminderTesting.awaitCounted;
import static dev.opencic.server.skill.reminder.ReminderTesting.counted;
import static dev.opencic.server.skill.reminder.ReminderTesting.nextReminder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.payload.Notifier;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Notifier directives over HTTP/2: a reminder missed while its device was away turns the
 * device's indicator on (new, then put back on reconnect), "what did I miss" reads it and clears
 * the indicator on the device asking and on the device it was missed on; a reminder spoken on time
 * comes with Notifier.Notify.
 */
class NotifierTest {

    static final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension(
            b -> b.reminderHoldTtl(Duration.ofSeconds(1)).asrPoolSize(0), s -> s.clock(clock));

    /** The next Notifier directive on the downchannel (others, e.g. pushed alerts, are skipped). */
    static Directive nextNotifier(StreamedParts down) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        List<String> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            StreamedParts.Part p = down.poll(Duration.ofMillis(200));
            if (p != null && p.isJson()) {
                if (p.directive().header().namespace().equals("Notifier")) {
                    return p.directive();
                }
                skipped.add(p.directive().header().qualifiedName());
            }
        }
        throw new AssertionError("no Notifier directive within " + AWAIT + "; got " + skipped);
    }

    @Test
    void aMissedReminderSetsTheIndicatorAndReadingItClearsIt() throws Exception {
        try (TestDevice hall = server.device("hall-speaker")) {
            hall.connect();
            say(hall, "remind me to take the cake out in 2 seconds");
        }
        double held = counted(server, "held");
        advance(server, clock, Duration.ofSeconds(2)); // due with the device away: held
        awaitCounted(server, "held", held);
        advance(server, clock, Duration.ofSeconds(2)); // stale: dropped unspoken when the device is back

        try (TestDevice hall = server.device("hall-speaker"); TestDevice kitchen = server.device("kitchen-speaker")) {
            StreamedParts hallDown = hall.connect();
            Directive set = nextNotifier(hallDown);
            assertThat(set.header().name()).isEqualTo("SetIndicator");
            Notifier.SetIndicator indicator = MessageCodec.mapper().treeToValue(set.payload(),
                    Notifier.SetIndicator.class);
            assertThat(indicator.newNotice()).isTrue();
            assertThat(set.payload().get("new").asBoolean()).isTrue(); // the reference's field name
            assertThat(indicator.light()).isEqualTo("DEFAULT");
            assertThat(indicator.assets()).extracting(Notifier.Asset::url).containsExactly(Notifier.DEFAULT_SOUND);
            assertThat(indicator.assetPlayOrder()).containsExactly(indicator.assets().get(0).assetId());
            assertThat(set.dialogRequestId()).isNull();

            kitchen.connect();
            List<Directive> read = say(kitchen, "what did i miss");
            assertThat(words(read)).contains("You missed one reminder").contains("take the cake out");
            assertThat(names(read)).contains("Notifier.ClearIndicator");
            // the hall speaker, where it was missed, has its light turned off too
            assertThat(nextNotifier(hallDown).header().name()).isEqualTo("ClearIndicator");

            assertThat(words(say(kitchen, "do i have any notifications"))).isEqualTo("You haven't missed anything.");
        }
    }

    @Test
    void theIndicatorIsPutBackOnReconnectUntilRead() throws Exception {
        try (TestDevice den = server.device("den-speaker")) {
            den.connect();
            say(den, "remind me to call the plumber in 2 seconds");
        }
        double held = counted(server, "held");
        advance(server, clock, Duration.ofSeconds(2));
        awaitCounted(server, "held", held);
        advance(server, clock, Duration.ofSeconds(2));
        try (TestDevice den = server.device("den-speaker")) {
            assertThat(nextNotifier(den.connect()).payload().get("new").asBoolean()).isTrue();
        }
        try (TestDevice den = server.device("den-speaker")) {
            Directive again = nextNotifier(den.connect());
            assertThat(again.header().name()).isEqualTo("SetIndicator");
            assertThat(again.payload().get("new").asBoolean()).isFalse();
            assertThat(again.payload().get("assets")).isEmpty(); // no chime for an old notice
            assertThat(names(say(den, "read my notifications"))).contains("Notifier.ClearIndicator");
        }
    }

    @Test
    void aReminderSpokenOnTimeComesWithNotify() throws Exception {
        try (TestDevice attic = server.device("attic-speaker")) {
            StreamedParts down = attic.connect();
            say(attic, "remind me to close the skylight in 2 seconds");
            advance(server, clock, Duration.ofSeconds(2));
            List<Directive> pushed = nextReminder(down, AWAIT);
            assertThat(pushed.get(0).header().qualifiedName()).isEqualTo("Notifier.Notify");
            JsonNode notify = pushed.get(0).payload();
            assertThat(notify.get("light").asText()).isEqualTo("DEFAULT");
            assertThat(notify.at("/assets/0/url").asText()).isEqualTo(Notifier.DEFAULT_SOUND);
            assertThat(notify.at("/assetPlayOrder/0").asText()).isEqualTo(notify.at("/assets/0/assetId").asText());
        }
    }

    @Test
    void notifierHasNoEventsADeviceCanSend() throws Exception {
        try (TestDevice device = server.device("cellar-speaker")) {
            device.connect();
            StreamedParts res = device.send("Notifier", "SetIndicator", MessageIds.newId(), TestDevice.payload());
            assertThat(res.status()).isEqualTo(400);
            JsonNode exception = MessageCodec.mapper().readTree(res.next().body());
            assertThat(exception.at("/header/name").asText()).isEqualTo("Exception");
            assertThat(exception.at("/payload/description").asText()).doesNotContain("\tat ");
        }
    }
}
