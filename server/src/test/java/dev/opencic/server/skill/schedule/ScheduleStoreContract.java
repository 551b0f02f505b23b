package dev.opencic.server.skill.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.store.StoreContract;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Schedule entries found by the span they overlap, per account, and deleted with an exact count. */
abstract class ScheduleStoreContract extends StoreContract {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final ZonedDateTime DAY = ZonedDateTime.of(2026, 12, 10, 0, 0, 0, 0, PARIS);

    ScheduleStore store;

    @BeforeEach
    void createStore() {
        store = new JdbcScheduleStore(db.jdbi(), Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
    }

    Schedule entry(String id, ZonedDateTime start, ZonedDateTime end, Period period) {
        Schedule s = new Schedule(id, "entry " + id, start, end, period);
        store.add("acc", s);
        return s;
    }

    @Test
    void entriesOverlappingASpanAreFoundInOrderAndDeletedByCount() {
        entry("s2", DAY.plusHours(15), DAY.plusHours(16), Period.HOUR);
        entry("s1", DAY.plusHours(9), DAY.plusHours(10), Period.HOUR);
        entry("s3", DAY.plusDays(1).plusHours(9), DAY.plusDays(1).plusHours(9), Period.NONE);
        entry("early", DAY.minusHours(2), DAY.plusHours(1), Period.HOUR); // spans midnight into the day
        store.add("other", new Schedule("x", "not mine", DAY.plusHours(9), DAY.plusHours(10), Period.HOUR));

        List<Schedule> today = store.within("acc", DAY, Period.DAY, PARIS);
        assertThat(today).extracting(Schedule::id).containsExactly("early", "s1", "s2");
        assertThat(today.get(1).start()).isEqualTo(DAY.plusHours(9));
        assertThat(today.get(1).period()).isEqualTo(Period.HOUR);
        assertThat(store.within("acc", DAY.plusDays(1), Period.DAY, PARIS)).extracting(Schedule::id)
                .containsExactly("s3");

        assertThat(store.delete("acc", List.of("s1", "s3", "missing"))).isEqualTo(2);
        assertThat(store.delete("acc", List.of("x"))).isZero();
        assertThat(store.within("acc", DAY.minusDays(1), Period.WEEK, PARIS)).extracting(Schedule::id)
                .containsExactly("early", "s2");
    }
}
