package dev.opencic.server.nlu.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Splitting "call mom tomorrow at 5" into the subject and the time, on Tuesday 2026-11-24 14:20 in Berlin. */
class TimedTextTest {

    static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 24, 14, 20, 0, 0, ZoneId.of("Europe/Berlin"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            call mom tomorrow at 5                | call mom                | 2026-11-25T05:00+01:00[Europe/Berlin]
            take out the trash tonight at 8       | take out the trash      | 2026-11-24T20:00+01:00[Europe/Berlin]
            in 20 minutes to check the oven       | check the oven          | 2026-11-24T14:40+01:00[Europe/Berlin]
            check the oven in 20 minutes          | check the oven          | 2026-11-24T14:40+01:00[Europe/Berlin]
            pay the rent on friday at 9 am        | pay the rent            | 2026-11-27T09:00+01:00[Europe/Berlin]
            dentist appointment on friday at 3 pm | dentist appointment     | 2026-11-27T15:00+01:00[Europe/Berlin]
            buy milk                              | buy milk                | -
            water the plants at 7:30              | water the plants        | 2026-11-24T19:30+01:00[Europe/Berlin]
            tomorrow at 6 pm call the bank        | call the bank           | 2026-11-25T18:00+01:00[Europe/Berlin]
            """)
    void splits(String text, String subject, String dateTime) {
        TimedText t = TimedText.split(text, NOW);
        assertThat(t.subject()).isEqualTo(subject);
        if (dateTime == null) {
            assertThat(t.hasTime()).isFalse();
        } else {
            assertThat(t.time().dateTime()).hasValue(ZonedDateTime.parse(dateTime));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            call mom yesterday at 5       | PAST
            pay rent on february 30th     | IMPOSSIBLE
            """)
    void reportsProblems(String text, TimeExpression.Status status) {
        assertThat(TimedText.split(text, NOW).time().status()).isEqualTo(status);
    }
}
