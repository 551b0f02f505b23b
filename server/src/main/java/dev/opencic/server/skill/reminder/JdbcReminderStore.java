package dev.opencic.server.skill.reminder;

import dev.opencic.server.api.DeviceIdentity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link ReminderStore} on the {@code reminders} table (migrations V4, V7). */
final class JdbcReminderStore implements ReminderStore {

    private static final String COLUMNS = "reminder_id, content, done, remind_at, zone, account_id, client_id,"
                                          + " device_id, state, created_at, repeat_days, repeat_time";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM reminders";

    private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Jdbi jdbi;

    JdbcReminderStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    private List<Reminder> query(String sql, Object... args) {
        return jdbi.withHandle(h -> h.select(sql, args).map(JdbcReminderStore::row).list());
    }

    private int update(String sql, Object... args) {
        return jdbi.withHandle(h -> h.execute(sql, args));
    }

    private static Reminder row(ResultSet rs, StatementContext ctx) throws SQLException {
        long at = rs.getLong(4);
        Instant remindAt = rs.wasNull() ? null : Instant.ofEpochMilli(at);
        return new Reminder(rs.getString(1), rs.getString(2), rs.getBoolean(3), remindAt, ZoneId.of(rs.getString(5)),
                            new DeviceIdentity(rs.getString(6), rs.getString(7), rs.getString(8)),
                            Reminder.State.valueOf(rs.getString(9)), Instant.ofEpochMilli(rs.getLong(10)),
                            Recurrence.decode(rs.getString(11)),
                            rs.getString(12) == null ? null : LocalTime.parse(rs.getString(12)));
    }

    @Override
    public void create(String accountId, Reminder r) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO reminders (" + COLUMNS + ", edited_at, delivered_at, deleted)"
                                           + " VALUES (:id, :content, :done, :remindAt, :zone, :accountId, :clientId,"
                                           + " :deviceId, :state, :createdAt, :repeatDays, :repeatTime, :createdAt,"
                                           + " NULL, FALSE)")
                             .bind("id", r.id()).bind("content", r.content()).bind("done", r.done())
                             .bindByType("remindAt", r.remindAt(), Instant.class)
                             .bind("zone", r.zone().getId()).bind("accountId", accountId)
                             .bind("clientId", r.owner().clientId()).bind("deviceId", r.owner().deviceId())
                             .bind("state", r.state()).bind("createdAt", r.createdAt())
                             .bind("repeatDays", Recurrence.encode(r.repeatDays()))
                             .bind("repeatTime", r.repeatTime() == null ? null : WALL_CLOCK.format(r.repeatTime()))
                             .execute());
    }

    @Override
    public List<Reminder> list(String accountId) {
        return query(SELECT + " WHERE account_id = ? AND deleted = FALSE"
                     + " ORDER BY CASE WHEN remind_at IS NULL THEN 1 ELSE 0 END, remind_at, created_at, reminder_id",
                     accountId);
    }

    @Override
    public Optional<Reminder> find(String accountId, String reminderId) {
        return query(SELECT + " WHERE account_id = ? AND reminder_id = ? AND deleted = FALSE", accountId, reminderId)
                .stream().findFirst();
    }

    @Override
    public boolean exists(String accountId, String reminderId) {
        return jdbi.withHandle(h -> h.select("SELECT 1 FROM reminders WHERE account_id = ? AND reminder_id = ?",
                                             accountId, reminderId).mapTo(Integer.class).findFirst().isPresent());
    }

    @Override
    public boolean revive(String accountId, String reminderId, String content, boolean done, Instant at) {
        return update("UPDATE reminders SET content = ?, done = ?, edited_at = ?, remind_at = NULL, deleted = FALSE,"
                      + " repeat_days = NULL, repeat_time = NULL, state = 'PENDING'"
                      + " WHERE account_id = ? AND reminder_id = ? AND deleted = TRUE",
                      content, done, at, accountId, reminderId) == 1;
    }

    @Override
    public boolean update(String accountId, String reminderId, String content, Boolean done, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE reminders SET content = :content,"
                                                   + " done = COALESCE(:done, done), edited_at = :at"
                                                   + " WHERE account_id = :accountId AND reminder_id = :reminderId"
                                                   + " AND deleted = FALSE")
                                     .bind("content", content).bind("done", done).bind("at", at)
                                     .bind("accountId", accountId).bind("reminderId", reminderId).execute()) == 1;
    }

    @Override
    public boolean reschedule(String accountId, String reminderId, Instant remindAt, Instant at) {
        return update("UPDATE reminders SET remind_at = ?, state = 'PENDING', delivered_at = NULL, edited_at = ?"
                      + " WHERE account_id = ? AND reminder_id = ? AND deleted = FALSE AND repeat_days IS NULL"
                      + " AND state <> 'DELIVERING'", remindAt, at, accountId, reminderId) == 1;
    }

    @Override
    public boolean delete(String accountId, String reminderId, Instant at) {
        return update("UPDATE reminders SET deleted = TRUE, edited_at = ? WHERE account_id = ? AND reminder_id = ?",
                      at, accountId, reminderId) == 1;
    }

    @Override
    public boolean claim(String accountId, String reminderId, Instant remindAt) {
        String sql = "UPDATE reminders SET state = 'DELIVERING' WHERE account_id = ? AND reminder_id = ?"
                     + " AND state IN ('PENDING', 'HELD') AND deleted = FALSE AND done = FALSE";
        return (remindAt == null
                ? update(sql + " AND remind_at IS NULL", accountId, reminderId)
                : update(sql + " AND remind_at = ?", accountId, reminderId, remindAt)) == 1;
    }

    @Override
    public void settle(String accountId, String reminderId, Reminder.State to, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE reminders SET state = :to, delivered_at = :at"
                                           + " WHERE account_id = :accountId AND reminder_id = :reminderId"
                                           + " AND state = 'DELIVERING'")
                             .bind("to", to)
                             .bindByType("at", to == Reminder.State.DELIVERED ? at : null, Instant.class)
                             .bind("accountId", accountId).bind("reminderId", reminderId).execute());
    }

    @Override
    public boolean advance(String accountId, String reminderId, Instant occurrence, Instant next, Instant at) {
        return update("UPDATE reminders SET state = 'PENDING', remind_at = ?, delivered_at = ?"
                      + " WHERE account_id = ? AND reminder_id = ? AND state = 'DELIVERING' AND remind_at = ?"
                      + " AND repeat_days IS NOT NULL AND deleted = FALSE",
                      next, at, accountId, reminderId, occurrence) == 1;
    }

    @Override
    public List<Reminder> pendingTimed() {
        return query(SELECT + " WHERE state = 'PENDING' AND remind_at IS NOT NULL"
                     + " AND deleted = FALSE AND done = FALSE ORDER BY remind_at");
    }

    @Override
    public List<Reminder> held(DeviceIdentity device) {
        return query(SELECT + " WHERE account_id = ? AND client_id = ? AND device_id = ?"
                     + " AND state = 'HELD' AND deleted = FALSE ORDER BY remind_at",
                     device.accountId(), device.clientId(), device.deviceId());
    }

    @Override
    public int releaseUnsettled() {
        return update("UPDATE reminders SET state = 'HELD' WHERE state = 'DELIVERING'");
    }

    @Override
    public int releaseUncovered(String taskName) {
        // A reminder's task instance is "account|reminder", or "account|reminder@epochMillis" for an occurrence.
        return update("UPDATE reminders SET state = 'HELD' WHERE state = 'DELIVERING' AND NOT EXISTS ("
                      + "SELECT 1 FROM scheduled_tasks t WHERE t.task_name = ? AND t.picked = TRUE"
                      + " AND (t.task_instance = reminders.account_id || '|' || reminders.reminder_id"
                      + " OR t.task_instance LIKE reminders.account_id || '|' || reminders.reminder_id || '@%'))",
                      taskName);
    }
}
