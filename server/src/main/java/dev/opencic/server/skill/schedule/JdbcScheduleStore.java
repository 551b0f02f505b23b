package dev.opencic.server.skill.schedule;

import dev.opencic.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** {@link ScheduleStore} on the {@code schedules} table (migration V4). */
final class JdbcScheduleStore implements ScheduleStore {

    private final DataSource dataSource;
    private final java.time.Clock clock;

    JdbcScheduleStore(DataSource dataSource, java.time.Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public void add(String accountId, Schedule s) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO schedules (account_id, schedule_id, content, starts_at, ends_at, period, zone, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, accountId);
            ps.setString(2, s.id());
            ps.setString(3, s.content());
            ps.setLong(4, s.start().toInstant().toEpochMilli());
            ps.setLong(5, s.end().toInstant().toEpochMilli());
            ps.setString(6, s.period().wire());
            ps.setString(7, s.start().getZone().getId());
            ps.setLong(8, clock.millis());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("adding a schedule failed", e);
        }
    }

    @Override
    public List<Schedule> within(String accountId, ZonedDateTime from, Period period, ZoneId zone) {
        long a = from.toInstant().toEpochMilli();
        long b = period == Period.NONE ? Long.MAX_VALUE : period.after(from).toInstant().toEpochMilli();
        // Overlapping the span; an entry without length counts when it starts inside it.
        String sql = "SELECT schedule_id, content, starts_at, ends_at, period FROM schedules WHERE account_id = ?"
                     + " AND starts_at < ? AND (ends_at > ? OR starts_at >= ?) ORDER BY starts_at, schedule_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            ps.setLong(2, b);
            ps.setLong(3, a);
            ps.setLong(4, a);
            List<Schedule> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Schedule(rs.getString(1), rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3)).atZone(zone),
                            Instant.ofEpochMilli(rs.getLong(4)).atZone(zone), Period.fromWire(rs.getString(5))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading schedules failed", e);
        }
    }

    @Override
    public int delete(String accountId, List<String> scheduleIds) {
        int n = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM schedules WHERE account_id = ? AND schedule_id = ?")) {
            for (String id : scheduleIds) {
                ps.setString(1, accountId);
                ps.setString(2, id);
                n += ps.executeUpdate();
            }
            return n;
        } catch (SQLException e) {
            throw new StoreException("deleting schedules failed", e);
        }
    }
}
