package dev.opencic.server.skill.clock;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.TestDevice;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Date and time questions over HTTP/2, at a fixed moment: Monday, 7 December 2026, 10:00 in Tokyo. */
class DateQuestionsTest {

    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-07T01:00:00Z"));

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0).timeZone(ZoneId.of("Asia/Tokyo")),
            builder -> builder.clock(CLOCK));

    static TestDevice device;

    @BeforeAll
    static void connect() throws Exception {
        device = cic.newDevice();
        device.connect();
    }

    @AfterAll
    static void close() {
        device.close();
    }

    @Test
    void anotherDaysDate() throws Exception {
        assertThat(answer("what day is it tomorrow")).isEqualTo("Tomorrow is Tuesday, December 8, 2026.");
        assertThat(answer("what's the date on friday")).isEqualTo("Friday is December 11, 2026.");
        assertThat(answer("what date is next monday")).contains("December 14, 2026");
        assertThat(answer("what day is it today")).isEqualTo("Today is Monday, December 7, 2026.");
        assertThat(answer("what day of the week is december 25th")).isEqualTo("December 25th is Friday, December 25, 2026.");
    }

    @Test
    void daysUntilAHolidayOrADate() throws Exception {
        assertThat(answer("how many days until christmas"))
                .isEqualTo("There are 18 days until Christmas, which is Friday, December 25, 2026.");
        assertThat(answer("how long until new year's day"))
                .isEqualTo("There are 25 days until New Year's Day, which is Friday, January 1, 2027.");
        // Halloween has passed this year: the next one
        assertThat(answer("how many days until halloween")).startsWith("There are 328 days until Halloween");
        assertThat(answer("how many days until tomorrow")).isEqualTo("Tomorrow is tomorrow, Tuesday, December 8, 2026.");
        assertThat(answer("how many days until easter"))
                .isEqualTo("There are 111 days until Easter, which is Sunday, March 28, 2027.");
        // Thanksgiving 2026 (November 26) has passed: the fourth Thursday of next November
        assertThat(answer("how long until thanksgiving"))
                .isEqualTo("There are 353 days until Thanksgiving, which is Thursday, November 25, 2027.");
        assertThat(answer("what's the date on good friday")).isEqualTo("Good Friday is March 26, 2027.");
        assertThat(answer("how many days until the moon")).startsWith("Sorry, I don't know which day the moon is.");
    }

    @Test
    void theTimeInACity() throws Exception {
        assertThat(answer("what time is it in tokyo")).isEqualTo("In Tokyo it's 10:00 AM on Monday.");
        assertThat(answer("what time is it in new york")).isEqualTo("In New York it's 8:00 PM yesterday, Sunday.");
        assertThat(answer("what's the time in london")).isEqualTo("In London it's 1:00 AM on Monday.");
        assertThat(answer("what's the local time in auckland")).isEqualTo("In Auckland it's 2:00 PM on Monday.");
        assertThat(answer("what time is it in lisbon")).isEqualTo("In Lisbon it's 1:00 AM on Monday.");
        assertThat(answer("what time is it in atlantis")).isEqualTo("Sorry, I don't know the time zone of atlantis.");
    }

    static String answer(String text) throws Exception {
        return words(say(device, text));
    }
}
