package dev.opencic.server.skill.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CalendarDaysTest {

    @Test
    void easterSundayMatchesPublishedDates() {
        // Including the earliest (22 March) and latest (25 April) possible dates.
        assertThat(CalendarDays.easterSunday(1818)).isEqualTo(LocalDate.of(1818, 3, 22));
        assertThat(CalendarDays.easterSunday(1943)).isEqualTo(LocalDate.of(1943, 4, 25));
        assertThat(CalendarDays.easterSunday(2000)).isEqualTo(LocalDate.of(2000, 4, 23));
        assertThat(CalendarDays.easterSunday(2019)).isEqualTo(LocalDate.of(2019, 4, 21));
        assertThat(CalendarDays.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(CalendarDays.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
        assertThat(CalendarDays.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(CalendarDays.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(CalendarDays.easterSunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
    }

    @Test
    void movableHolidaysFallOnTheirWeekdays() {
        ZonedDateTime newYear2027 = ZonedDateTime.of(2027, 1, 1, 9, 0, 0, 0, ZoneOffset.UTC);
        assertThat(day("thanksgiving", newYear2027)).isEqualTo(LocalDate.of(2027, 11, 25));
        assertThat(day("memorial day", newYear2027)).isEqualTo(LocalDate.of(2027, 5, 31));
        assertThat(day("labor day", newYear2027)).isEqualTo(LocalDate.of(2027, 9, 6));
        assertThat(day("mother's day", newYear2027)).isEqualTo(LocalDate.of(2027, 5, 9));
        assertThat(day("father's day", newYear2027)).isEqualTo(LocalDate.of(2027, 6, 20));
        assertThat(day("martin luther king day", newYear2027)).isEqualTo(LocalDate.of(2027, 1, 18));
        assertThat(day("easter monday", newYear2027)).isEqualTo(LocalDate.of(2027, 3, 29));
        assertThat(day("pentecost", newYear2027)).isEqualTo(LocalDate.of(2027, 5, 16));
    }

    @Test
    void aHolidayLaterTodayIsTodayAndOnePassedIsNextYears() {
        ZonedDateTime easter2026 = ZonedDateTime.of(2026, 4, 5, 9, 0, 0, 0, ZoneOffset.UTC);
        assertThat(day("easter", easter2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(day("easter", easter2026.plusDays(1))).isEqualTo(LocalDate.of(2027, 3, 28));
    }

    private static LocalDate day(String said, ZonedDateTime now) {
        return CalendarDays.parse(said, now).orElseThrow().date();
    }
}
