package dev.opencic.server.skill.reminder;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The next occurrence of a repeating reminder: day sets, week wrap, daylight saving; and its words. */
class RecurrenceTest {

    static final Set<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);
    static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(MONDAY, FRIDAY);

    static Stream<Arguments> occurrences() {
        return Stream.of(
                // days, time, zone, after (exclusive), expected
                Arguments.of(EVERY_DAY, "08:00", "UTC", "2026-11-23T07:00Z", "2026-11-23T08:00Z"),
                // strictly after: the occurrence just spoken is not the next one
                Arguments.of(EVERY_DAY, "08:00", "UTC", "2026-11-23T08:00Z", "2026-11-24T08:00Z"),
                Arguments.of(EVERY_DAY, "23:59", "UTC", "2026-12-31T23:59Z", "2027-01-01T23:59Z"),
                // Friday morning after the alarm: the weekend is skipped (week wrap)
                Arguments.of(WEEKDAYS, "07:30", "UTC", "2026-11-27T07:30Z", "2026-11-30T07:30Z"),
                Arguments.of(WEEKDAYS, "07:30", "UTC", "2026-11-28T12:00Z", "2026-11-30T07:30Z"),
                // one day a week: the same weekday seven days later
                Arguments.of(EnumSet.of(MONDAY), "18:00", "UTC", "2026-11-23T18:00Z", "2026-11-30T18:00Z"),
                Arguments.of(EnumSet.of(MONDAY, WEDNESDAY), "18:00", "UTC", "2026-11-23T18:00Z", "2026-11-25T18:00Z"),
                Arguments.of(EnumSet.of(MONDAY, WEDNESDAY), "18:00", "UTC", "2026-11-25T18:00Z", "2026-11-30T18:00Z"),
                Arguments.of(EnumSet.of(SATURDAY, SUNDAY), "10:00", "UTC", "2026-11-25T09:00Z", "2026-11-28T10:00Z"),
                Arguments.of(EnumSet.of(SATURDAY, SUNDAY), "10:00", "UTC", "2026-11-29T10:00Z", "2026-12-05T10:00Z"),
                // the wall clock is the zone's, not UTC's: 8 AM in Tokyo is 23:00 UTC the day before
                Arguments.of(EVERY_DAY, "08:00", "Asia/Tokyo", "2026-11-23T23:00Z", "2026-11-25T08:00+09:00"),
                // New York springs forward on 2026-03-08: 2:30 does not exist, spoken at 3:30 EDT that day only
                Arguments.of(EVERY_DAY, "02:30", "America/New_York", "2026-03-07T02:30-05:00", "2026-03-08T03:30-04:00"),
                Arguments.of(EVERY_DAY, "02:30", "America/New_York", "2026-03-08T03:30-04:00", "2026-03-09T02:30-04:00"),
                Arguments.of(EVERY_DAY, "08:00", "America/New_York", "2026-03-07T08:00-05:00", "2026-03-08T08:00-04:00"),
                // ... and falls back on 2026-11-01: 1:30 happens twice, spoken once (the first)
                Arguments.of(EVERY_DAY, "01:30", "America/New_York", "2026-10-31T01:30-04:00", "2026-11-01T01:30-04:00"),
                Arguments.of(EVERY_DAY, "01:30", "America/New_York", "2026-11-01T01:30-04:00", "2026-11-02T01:30-05:00"),
                Arguments.of(EVERY_DAY, "01:30", "America/New_York", "2026-11-01T01:45-04:00", "2026-11-02T01:30-05:00"),
                // Berlin: spring forward on 2026-03-29 (2:00 → 3:00), fall back on 2026-10-25 (3:00 → 2:00)
                Arguments.of(EnumSet.of(SUNDAY), "02:15", "Europe/Berlin", "2026-03-22T02:15+01:00", "2026-03-29T03:15+02:00"),
                Arguments.of(EnumSet.of(SUNDAY), "02:15", "Europe/Berlin", "2026-03-29T03:15+02:00", "2026-04-05T02:15+02:00"),
                Arguments.of(EnumSet.of(SUNDAY), "02:15", "Europe/Berlin", "2026-10-18T02:15+02:00", "2026-10-25T02:15+02:00"),
                Arguments.of(EnumSet.of(SUNDAY), "02:15", "Europe/Berlin", "2026-10-25T02:15+02:00", "2026-11-01T02:15+01:00"));
    }

    @ParameterizedTest(name = "{0} at {1} in {2} after {3} -> {4}")
    @MethodSource("occurrences")
    void nextOccurrence(Set<DayOfWeek> days, String time, String zone, String after, String expected) {
        ZonedDateTime next = Recurrence.next(days, LocalTime.parse(time), ZoneId.of(zone),
                OffsetDateTime.parse(after).toInstant());
        assertThat(next.toOffsetDateTime()).isEqualTo(OffsetDateTime.parse(expected));
        assertThat(next.getZone()).isEqualTo(ZoneId.of(zone));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("words")
    void saidInWords(Set<DayOfWeek> days, String spoken) {
        assertThat(Recurrence.spokenDays(days)).isEqualTo(spoken);
        assertThat(Recurrence.decode(Recurrence.encode(days))).isEqualTo(days);
    }

    static Stream<Arguments> words() {
        return Stream.of(
                Arguments.of(EVERY_DAY, "every day"),
                Arguments.of(WEEKDAYS, "every weekday"),
                Arguments.of(EnumSet.of(SATURDAY, SUNDAY), "on weekends"),
                Arguments.of(EnumSet.of(WEDNESDAY, MONDAY), "every Monday and Wednesday"),
                Arguments.of(EnumSet.of(FRIDAY), "every Friday"),
                Arguments.of(EnumSet.of(MONDAY, WEDNESDAY, FRIDAY), "every Monday, Wednesday and Friday"));
    }

    @org.junit.jupiter.api.Test
    void latestOccurrenceMissed() {
        ZoneId utc = ZoneId.of("UTC");
        java.time.Instant held = OffsetDateTime.parse("2026-11-20T08:00Z").toInstant();
        // held on Friday, back on Tuesday at noon: the last one missed is Tuesday's
        assertThat(Recurrence.latest(EVERY_DAY, LocalTime.of(8, 0), utc, held,
                OffsetDateTime.parse("2026-11-24T12:00Z").toInstant())).isEqualTo("2026-11-24T08:00:00Z");
        assertThat(Recurrence.latest(WEEKDAYS, LocalTime.of(8, 0), utc, held,
                OffsetDateTime.parse("2026-11-23T07:00Z").toInstant())).isEqualTo(held);
        // a year away: still the last one
        assertThat(Recurrence.latest(EVERY_DAY, LocalTime.of(8, 0), utc, held.minus(java.time.Duration.ofDays(400)),
                OffsetDateTime.parse("2026-11-24T12:00Z").toInstant())).isEqualTo("2026-11-24T08:00:00Z");
    }

    @org.junit.jupiter.api.Test
    void clockAndColumns() {
        assertThat(Recurrence.spoken(EVERY_DAY, LocalTime.of(8, 0))).isEqualTo("every day at 8 AM");
        assertThat(Recurrence.spoken(WEEKDAYS, LocalTime.of(19, 30))).isEqualTo("every weekday at 7:30 PM");
        assertThat(Recurrence.encode(EnumSet.of(WEDNESDAY, MONDAY))).isEqualTo("MON,WED");
        assertThat(Recurrence.encode(Set.of())).isNull();
        assertThat(Recurrence.decode(null)).isEmpty();
        assertThatThrownBy(() -> Recurrence.decode("MON,XYZ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Recurrence.next(Set.of(), LocalTime.NOON, ZoneId.of("UTC"), java.time.Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
