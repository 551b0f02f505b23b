package dev.opencic.server.nlu.time;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.nlu.time.TimeExpression.Status;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class TimeExpressionsTest {
    static final ZonedDateTime NOW =
            ZonedDateTime.of(2026, 11, 24, 14, 20, 0, 0, ZoneId.of("America/New_York"));

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/nlu/time/time-expressions.csv", delimiter = '|', nullValues = "")
    void resolvesTheTable(String text, Status status, String dateTime, String date, String duration,
                          String days) {
        TimeExpression t = TimeExpressions.parse(text == null ? "" : text, NOW);

        assertThat(t.status()).as("%s", t).isEqualTo(status);
        assertThat(t.isoDateTime().orElse(null)).as("%s", t).isEqualTo(dateTime);
        assertThat(t.date().map(Object::toString).orElse(null)).as("%s", t).isEqualTo(date);
        assertThat(t.duration().orElse(null)).as("%s", t)
                .isEqualTo(duration == null ? null : Duration.parse(duration));
        assertThat(t.daysOfWeek()).as("%s", t).isEqualTo(days(days));
    }

    @Test
    void aTimeInADaylightSavingGapMovesForward() {
        ZonedDateTime beforeSpringForward =
                ZonedDateTime.of(2027, 3, 13, 12, 0, 0, 0, ZoneId.of("America/New_York"));

        TimeExpression t = TimeExpressions.parse("tomorrow at 2:30 am", beforeSpringForward);

        assertThat(t.isoDateTime()).contains("2027-03-14T03:30:00-04:00");
    }

    @Test
    void theResultIsInTheZoneOfNow() {
        ZonedDateTime tokyo = NOW.withZoneSameInstant(ZoneId.of("Asia/Tokyo")); // Wednesday 04:20

        assertThat(TimeExpressions.parse("at 7 am", tokyo).isoDateTime())
                .contains("2026-11-25T07:00:00+09:00");
    }

    @Test
    void aPartOfTheDayAloneIsMarkedApproximate() {
        assertThat(TimeExpressions.parse("tomorrow morning", NOW).approximateTime()).isTrue();
        assertThat(TimeExpressions.parse("tomorrow at 9", NOW).approximateTime()).isFalse();
    }

    @Test
    void wordsAroundTheExpressionAreSkipped() {
        assertThat(TimeExpressions.parse("wake me up tomorrow at 6 please", NOW).isoDateTime())
                .contains("2026-11-25T06:00:00-05:00");
    }

    private static Set<DayOfWeek> days(String names) {
        if (names == null) {
            return Set.of();
        }
        return Arrays.stream(names.trim().split("\\s+")).map(DayOfWeek::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DayOfWeek.class)));
    }
}
