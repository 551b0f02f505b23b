package dev.opencic.server.skill.reminder;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import dev.opencic.server.store.Database;
import dev.opencic.server.testing.CicServerExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A repeating reminder's row and tasks, read and moved in the server's database (reached beside the
 * running server through H2's AUTO_SERVER mode). Its wall-clock time is usually hours away; tests
 * bring one occurrence to a few seconds from now, as if the clock had moved there.
 */
final class RepeatingReminders implements AutoCloseable {

    private final Database db;
    private final JdbcReminderStore store;

    RepeatingReminders(CicServerExtension server) {
        this.db = Database.open(server.server().config().dataDir());
        this.store = new JdbcReminderStore(db.jdbi());
    }

    Reminder find(String reminderId) {
        return store.find(account(reminderId), reminderId).orElseThrow();
    }

    /** The reminder as a row, deleted or not: state and time only. */
    String stateOf(String reminderId) {
        return query("SELECT state FROM reminders WHERE reminder_id = ?", reminderId).get(0);
    }

    String account(String reminderId) {
        return query("SELECT account_id FROM reminders WHERE reminder_id = ?", reminderId).get(0);
    }

    /**
     * Makes the occurrence to come the one at {@code at} (whole seconds from now), its wall-clock time
     * that of {@code at}, and schedules its task, as the server does when it sets a reminder.
     * With {@code schedule} false the row is moved only (a crash before the task was written).
     */
    Reminder moveTo(String reminderId, Instant at, String state, boolean schedule) {
        Reminder r = find(reminderId);
        Instant when = at.truncatedTo(ChronoUnit.SECONDS);
        update("UPDATE reminders SET remind_at = ?, repeat_time = ?, state = ? WHERE reminder_id = ?",
                when.toEpochMilli(), java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").format(when.atZone(r.zone())), state, reminderId);
        Reminder moved = find(reminderId);
        if (schedule) {
            SchedulerClient.Builder.create(db.dataSource()).build()
                    .scheduleIfNotExists(ReminderDelivery.instance(account(reminderId), moved), when);
        }
        return moved;
    }

    /** Schedules a task for the reminder's occurrence {@code r} at {@code when}, whatever the row says. */
    void scheduleTask(Reminder r, Instant when) {
        SchedulerClient.Builder.create(db.dataSource()).build()
                .scheduleIfNotExists(ReminderDelivery.instance(account(r.id()), r), when);
    }

    /** Every task of the reminder: "instance at time". */
    List<String> tasks(String reminderId) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT task_instance, execution_time FROM scheduled_tasks WHERE task_name = ?"
                + " AND task_instance LIKE ? ORDER BY execution_time")) {
            ps.setString(1, ReminderDelivery.TASK);
            ps.setString(2, "%|" + reminderId + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " at " + rs.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** The task a reminder's occurrence is scheduled under, as {@link #tasks} lists it. */
    static String task(String account, Reminder r) {
        return ReminderDelivery.instance(account, r).getId() + " at " + r.remindAt();
    }

    void deleteTasks(String reminderId) {
        update("DELETE FROM scheduled_tasks WHERE task_name = ? AND task_instance LIKE ?",
                ReminderDelivery.TASK, "%|" + reminderId + "%");
    }

    private List<String> query(String sql, String arg) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private void update(String sql, Object... args) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
