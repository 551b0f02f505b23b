package dev.opencic.server.skill.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** {@link ScheduleStore} on the {@code schedules} table (migration V4). */
final class JdbcScheduleStore implements ScheduleStore {

    private final Jdbi jdbi;
    private final Clock clock;

    JdbcScheduleStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public void add(String accountId, Schedule s) {
        jdbi.useHandle(h -> h.execute("INSERT INTO schedules (account_id, schedule_id, content, starts_at, ends_at,"
                                      + " period, zone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                      accountId, s.id(), s.content(), s.start().toInstant(), s.end().toInstant(),
                                      s.period().wire(), s.start().getZone().getId(), clock.instant()));
    }

    @Override
    public List<Schedule> within(String accountId, ZonedDateTime from, Period period, ZoneId zone) {
        long a = from.toInstant().toEpochMilli();
        long b = period == Period.NONE ? Long.MAX_VALUE : period.after(from).toInstant().toEpochMilli();
        // Overlapping the span; an entry without length counts when it starts inside it.
        return jdbi.withHandle(h -> h.select("SELECT schedule_id, content, starts_at, ends_at, period FROM schedules"
                                             + " WHERE account_id = ? AND starts_at < ? AND (ends_at > ? OR starts_at >= ?)"
                                             + " ORDER BY starts_at, schedule_id", accountId, b, a, a)
                                     .map((rs, ctx) -> new Schedule(rs.getString(1), rs.getString(2),
                                             Instant.ofEpochMilli(rs.getLong(3)).atZone(zone),
                                             Instant.ofEpochMilli(rs.getLong(4)).atZone(zone),
                                             Period.fromWire(rs.getString(5))))
                                     .list());
    }

    @Override
    public int delete(String accountId, List<String> scheduleIds) {
        // One delete per id rather than a batch, so the count is exact on every driver.
        return jdbi.withHandle(h -> scheduleIds.stream()
                .mapToInt(id -> h.execute("DELETE FROM schedules WHERE account_id = ? AND schedule_id = ?", accountId, id))
                .sum());
    }
}
