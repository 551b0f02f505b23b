package dev.opencic.server.skill.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link AlertRepository} on the {@code alerts} table (migration V3). */
final class JdbcAlertRepository implements AlertRepository {

    private static final String COLUMNS = "token, account_id, alert_type, scheduled_at, zone_id, local_time, "
                                          + "days_of_week, status, created_at";

    private final Jdbi jdbi;

    JdbcAlertRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(Alert a) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO alerts (" + COLUMNS + ") VALUES (:token, :accountId, :type,"
                                           + " :scheduledAt, :zone, :time, :days, :status, :createdAt)")
                             .bindMap(columns(a)).bind("createdAt", a.createdAt()).execute());
    }

    @Override
    public boolean update(Alert a) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE alerts SET alert_type = :type, scheduled_at = :scheduledAt,"
                                                   + " zone_id = :zone, local_time = :time, days_of_week = :days,"
                                                   + " status = :status WHERE token = :token AND account_id = :accountId")
                                     .bindMap(columns(a)).execute()) == 1;
    }

    @Override
    public boolean updateStatus(Alert seen, Alert.Status status) {
        return jdbi.withHandle(h -> h.execute("UPDATE alerts SET status = ?"
                                              + " WHERE token = ? AND account_id = ? AND scheduled_at = ?",
                                              status, seen.token(), seen.accountId(), seen.scheduledAt())) == 1;
    }

    /** Every column but created_at, which never changes, as the database keeps them. */
    private static Map<String, Object> columns(Alert a) {
        return Map.of("token", a.token(), "accountId", a.accountId(), "type", a.type(),
                      "scheduledAt", a.scheduledAt(), "zone", a.zone().getId(),
                      "time", a.time().withNano(0).toString(),
                      "days", a.daysOfWeek().stream().sorted().map(Enum::name).collect(Collectors.joining(",")),
                      "status", a.status());
    }

    @Override
    public Optional<Alert> find(String accountId, String token) {
        return jdbi.withHandle(h -> h.select("SELECT " + COLUMNS + " FROM alerts WHERE account_id = ? AND token = ?",
                                             accountId, token)
                                     .map(JdbcAlertRepository::map).findOne());
    }

    @Override
    public List<Alert> list(String accountId, Alert.Type type) {
        String order = " ORDER BY scheduled_at, token";
        return jdbi.withHandle(h -> (type == null
                ? h.select("SELECT " + COLUMNS + " FROM alerts WHERE account_id = ?" + order, accountId)
                : h.select("SELECT " + COLUMNS + " FROM alerts WHERE account_id = ? AND alert_type = ?" + order,
                           accountId, type))
                .map(JdbcAlertRepository::map).list());
    }

    @Override
    public boolean delete(String accountId, String token) {
        return jdbi.withHandle(h -> h.execute("DELETE FROM alerts WHERE account_id = ? AND token = ?",
                                              accountId, token)) == 1;
    }

    private static Alert map(ResultSet rs, StatementContext ctx) throws SQLException {
        String days = rs.getString("days_of_week");
        EnumSet<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
        if (!days.isEmpty()) {
            Arrays.stream(days.split(",")).map(DayOfWeek::valueOf).forEach(set::add);
        }
        return new Alert(rs.getString("token"), rs.getString("account_id"),
                         Alert.Type.valueOf(rs.getString("alert_type")), Instant.ofEpochMilli(rs.getLong("scheduled_at")),
                         ZoneId.of(rs.getString("zone_id")), LocalTime.parse(rs.getString("local_time")), set,
                         Alert.Status.valueOf(rs.getString("status")), Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
