package dev.opencic.server.skill.reminder;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.payload.Notifier;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A missed alarm as a notice, over HTTP/2: an alarm whose time passed while no device of the account
 * started it turns the indicator on when a device comes back, "what did I miss" reads it with the
 * reminders and clears the indicator, and reading it removes the one-off alarm.
 */
class MissedAlarmTest {

    static final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension(b -> b.asrPoolSize(0), s -> s.clock(clock));

    @Test
    void anAlarmThatRangOnNoDeviceIsANoticeReadOnce() throws Exception {
        try (TestDevice bedroom = server.device("bedroom-speaker")) {
            bedroom.connect();
            assertThat(words(say(bedroom, "set an alarm for 7 am tomorrow"))).contains("7");
        }
        clock.advance(Duration.ofDays(2)); // the alarm's time passes with the device away

        try (TestDevice bedroom = server.device("bedroom-speaker")) {
            StreamedParts down = bedroom.connect();
            Directive set = NotifierTest.nextNotifier(down);
            assertThat(set.header().name()).isEqualTo("SetIndicator");
            assertThat(MessageCodec.mapper().treeToValue(set.payload(), Notifier.SetIndicator.class).newNotice())
                    .isTrue();

            List<Directive> read = say(bedroom, "what did I miss");
            assertThat(words(read)).startsWith("Your alarm for 7:00 AM on ").endsWith("didn't ring on any device.");
            assertThat(read).extracting(d -> d.header().qualifiedName()).contains("Notifier.ClearIndicator");

            assertThat(words(say(bedroom, "what did I miss"))).isEqualTo("You haven't missed anything.");
            assertThat(words(say(bedroom, "what alarms do I have"))).doesNotContain("7:00");
        }
    }
}
