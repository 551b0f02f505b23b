package dev.opencic.server.skill.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.nlu.time.TimeExpression;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What people say about when, as the reference's scheduledTime and period; now is Tuesday 2026-11-24 14:20. */
class PeriodResolverTest {

    static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 24, 14, 20, 0, 0, ZoneId.of("Europe/Berlin"));

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                  | 2026-11-24T14:20+01:00[Europe/Berlin] | NONE
            today               | 2026-11-24T00:00+01:00[Europe/Berlin] | DAY
            tomorrow            | 2026-11-25T00:00+01:00[Europe/Berlin] | DAY
            on friday           | 2026-11-27T00:00+01:00[Europe/Berlin] | DAY
            friday at 3 pm      | 2026-11-27T15:00+01:00[Europe/Berlin] | HOUR
            tomorrow at 7:30    | 2026-11-25T07:30+01:00[Europe/Berlin] | MINUTE
            this week           | 2026-11-23T00:00+01:00[Europe/Berlin] | WEEK
            next week           | 2026-11-30T00:00+01:00[Europe/Berlin] | WEEK
            for next week       | 2026-11-30T00:00+01:00[Europe/Berlin] | WEEK
            this month          | 2026-11-01T00:00+01:00[Europe/Berlin] | MONTH
            next month          | 2026-12-01T00:00+01:00[Europe/Berlin] | MONTH
            next year           | 2027-01-01T00:00+01:00[Europe/Berlin] | YEAR
            """)
    void resolves(String said, String start, Period period) {
        PeriodResolver.Resolved r = PeriodResolver.resolve(said, NOW);
        assertThat(r.ok()).isTrue();
        assertThat(r.start()).isEqualTo(ZonedDateTime.parse(start));
        assertThat(r.period()).isEqualTo(period);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            yesterday           | PAST
            february 30th       | IMPOSSIBLE
            whenever you like   | UNRECOGNISED
            """)
    void refuses(String said, TimeExpression.Status status) {
        assertThat(PeriodResolver.resolve(said, NOW).status()).isEqualTo(status);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NONE   | 2026-11-24T14:20+01:00[Europe/Berlin]
            DAY    | 2026-11-25T14:20+01:00[Europe/Berlin]
            WEEK   | 2026-12-01T14:20+01:00[Europe/Berlin]
            MONTH  | 2026-12-24T14:20+01:00[Europe/Berlin]
            HOUR   | 2026-11-24T15:20+01:00[Europe/Berlin]
            MINUTE | 2026-11-24T14:21+01:00[Europe/Berlin]
            """)
    void periodEnds(Period p, String end) {
        assertThat(p.after(NOW)).isEqualTo(ZonedDateTime.parse(end));
    }
}
