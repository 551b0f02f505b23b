package dev.opencic.server.skill.reminder;

import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link ReminderStore} on the {@code reminders} table (migrations V4, V7). */
final class JdbcReminderStore implements ReminderStore {

    private static final String COLUMNS = "reminder_id, content, done, remind_at, zone, account_id, client_id,"
                                          + " device_id, state, created_at, repeat_days, repeat_time";

    private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final DataSource dataSource;

    JdbcReminderStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("reminder store: " + e.getMessage(), e);
        }
    }

    private List<Reminder> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<Reminder> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long at = rs.getLong(4);
                    Instant remindAt = rs.wasNull() ? null : Instant.ofEpochMilli(at);
                    out.add(new Reminder(rs.getString(1), rs.getString(2), rs.getBoolean(3), remindAt,
                            ZoneId.of(rs.getString(5)),
                            new DeviceIdentity(rs.getString(6), rs.getString(7), rs.getString(8)),
                            Reminder.State.valueOf(rs.getString(9)), Instant.ofEpochMilli(rs.getLong(10)),
                            Recurrence.decode(rs.getString(11)),
                            rs.getString(12) == null ? null : LocalTime.parse(rs.getString(12))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reminder store: " + e.getMessage(), e);
        }
    }

    @Override
    public void create(String accountId, Reminder r) {
        update("INSERT INTO reminders (" + COLUMNS + ", edited_at, delivered_at, deleted)"
               + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, FALSE)", ps -> {
            ps.setString(1, r.id());
            ps.setString(2, r.content());
            ps.setBoolean(3, r.done());
            if (r.remindAt() == null) {
                ps.setNull(4, Types.BIGINT);
            } else {
                ps.setLong(4, r.remindAt().toEpochMilli());
            }
            ps.setString(5, r.zone().getId());
            ps.setString(6, accountId);
            ps.setString(7, r.owner().clientId());
            ps.setString(8, r.owner().deviceId());
            ps.setString(9, r.state().name());
            ps.setLong(10, r.createdAt().toEpochMilli());
            ps.setString(11, Recurrence.encode(r.repeatDays()));
            ps.setString(12, r.repeatTime() == null ? null : WALL_CLOCK.format(r.repeatTime()));
            ps.setLong(13, r.createdAt().toEpochMilli());
        });
    }

    @Override
    public List<Reminder> list(String accountId) {
        return query("SELECT " + COLUMNS + " FROM reminders WHERE account_id = ? AND deleted = FALSE"
                     + " ORDER BY CASE WHEN remind_at IS NULL THEN 1 ELSE 0 END, remind_at, created_at, reminder_id",
                ps -> ps.setString(1, accountId));
    }

    @Override
    public Optional<Reminder> find(String accountId, String reminderId) {
        return query("SELECT " + COLUMNS + " FROM reminders WHERE account_id = ? AND reminder_id = ?"
                     + " AND deleted = FALSE", ps -> {
            ps.setString(1, accountId);
            ps.setString(2, reminderId);
        }).stream().findFirst();
    }

    @Override
    public boolean exists(String accountId, String reminderId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM reminders WHERE account_id = ? AND reminder_id = ?")) {
            ps.setString(1, accountId);
            ps.setString(2, reminderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("reminder store: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean revive(String accountId, String reminderId, String content, boolean done, Instant at) {
        return update("UPDATE reminders SET content = ?, done = ?, edited_at = ?, remind_at = NULL, deleted = FALSE,"
                      + " repeat_days = NULL, repeat_time = NULL, state = 'PENDING'"
                      + " WHERE account_id = ? AND reminder_id = ? AND deleted = TRUE", ps -> {
            ps.setString(1, content);
            ps.setBoolean(2, done);
            ps.setLong(3, at.toEpochMilli());
            ps.setString(4, accountId);
            ps.setString(5, reminderId);
        }) == 1;
    }

    @Override
    public boolean update(String accountId, String reminderId, String content, Boolean done, Instant at) {
        return update("UPDATE reminders SET content = ?, done = COALESCE(?, done), edited_at = ?"
                      + " WHERE account_id = ? AND reminder_id = ? AND deleted = FALSE", ps -> {
            ps.setString(1, content);
            if (done == null) {
                ps.setNull(2, Types.BOOLEAN);
            } else {
                ps.setBoolean(2, done);
            }
            ps.setLong(3, at.toEpochMilli());
            ps.setString(4, accountId);
            ps.setString(5, reminderId);
        }) == 1;
    }

    @Override
    public boolean delete(String accountId, String reminderId, Instant at) {
        return update("UPDATE reminders SET deleted = TRUE, edited_at = ? WHERE account_id = ? AND reminder_id = ?",
                ps -> {
                    ps.setLong(1, at.toEpochMilli());
                    ps.setString(2, accountId);
                    ps.setString(3, reminderId);
                }) == 1;
    }

    @Override
    public boolean claim(String accountId, String reminderId, Instant remindAt) {
        return update("UPDATE reminders SET state = 'DELIVERING' WHERE account_id = ? AND reminder_id = ?"
                      + " AND state IN ('PENDING', 'HELD') AND deleted = FALSE AND done = FALSE"
                      + (remindAt == null ? " AND remind_at IS NULL" : " AND remind_at = ?"), ps -> {
            ps.setString(1, accountId);
            ps.setString(2, reminderId);
            if (remindAt != null) {
                ps.setLong(3, remindAt.toEpochMilli());
            }
        }) == 1;
    }

    @Override
    public void settle(String accountId, String reminderId, Reminder.State to, Instant at) {
        update("UPDATE reminders SET state = ?, delivered_at = ? WHERE account_id = ? AND reminder_id = ?"
               + " AND state = 'DELIVERING'", ps -> {
            ps.setString(1, to.name());
            if (to == Reminder.State.DELIVERED) {
                ps.setLong(2, at.toEpochMilli());
            } else {
                ps.setNull(2, Types.BIGINT);
            }
            ps.setString(3, accountId);
            ps.setString(4, reminderId);
        });
    }

    @Override
    public boolean advance(String accountId, String reminderId, Instant occurrence, Instant next, Instant at) {
        return update("UPDATE reminders SET state = 'PENDING', remind_at = ?, delivered_at = ?"
                      + " WHERE account_id = ? AND reminder_id = ? AND state = 'DELIVERING' AND remind_at = ?"
                      + " AND repeat_days IS NOT NULL AND deleted = FALSE", ps -> {
            ps.setLong(1, next.toEpochMilli());
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, accountId);
            ps.setString(4, reminderId);
            ps.setLong(5, occurrence.toEpochMilli());
        }) == 1;
    }

    @Override
    public List<Reminder> pendingTimed() {
        return query("SELECT " + COLUMNS + " FROM reminders WHERE state = 'PENDING' AND remind_at IS NOT NULL"
                     + " AND deleted = FALSE AND done = FALSE ORDER BY remind_at", ps -> {});
    }

    @Override
    public List<Reminder> held(DeviceIdentity device) {
        return query("SELECT " + COLUMNS + " FROM reminders WHERE account_id = ? AND client_id = ? AND device_id = ?"
                     + " AND state = 'HELD' AND deleted = FALSE ORDER BY remind_at", ps -> {
            ps.setString(1, device.accountId());
            ps.setString(2, device.clientId());
            ps.setString(3, device.deviceId());
        });
    }

    @Override
    public int releaseUnsettled() {
        return update("UPDATE reminders SET state = 'HELD' WHERE state = 'DELIVERING'", ps -> {});
    }
}
