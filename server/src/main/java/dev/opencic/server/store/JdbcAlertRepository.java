package dev.opencic.server.store;

import static dev.opencic.server.store.Jdbc.instant;
import static dev.opencic.server.store.Jdbc.millis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

public final class JdbcAlertRepository implements AlertRepository {

    private static final String COLUMNS = "token, account_id, alert_type, scheduled_at, zone_id, local_time, "
                                          + "days_of_week, status, created_at";

    private final DataSource dataSource;
    private final Jdbc jdbc;

    public JdbcAlertRepository(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void insert(Alert a) {
        jdbc.update("INSERT INTO alerts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, a.token());
            ps.setString(2, a.accountId());
            bindRest(ps, a, 3);
            ps.setLong(9, millis(a.createdAt()));
        });
    }

    @Override
    public boolean update(Alert a) {
        return jdbc.update("UPDATE alerts SET alert_type = ?, scheduled_at = ?, zone_id = ?, local_time = ?, "
                           + "days_of_week = ?, status = ? WHERE token = ? AND account_id = ?", ps -> {
                               bindRest(ps, a, 1);
                               ps.setString(7, a.token());
                               ps.setString(8, a.accountId());
                           }) == 1;
    }

    @Override
    public boolean updateStatus(Alert seen, Alert.Status status) {
        return jdbc.update("UPDATE alerts SET status = ? WHERE token = ? AND account_id = ? AND scheduled_at = ?", ps -> {
            ps.setString(1, status.name());
            ps.setString(2, seen.token());
            ps.setString(3, seen.accountId());
            ps.setLong(4, millis(seen.scheduledAt()));
        }) == 1;
    }

    private static void bindRest(PreparedStatement ps, Alert a, int from) throws SQLException {
        ps.setString(from, a.type().name());
        ps.setLong(from + 1, millis(a.scheduledAt()));
        ps.setString(from + 2, a.zone().getId());
        ps.setString(from + 3, a.time().withNano(0).toString());
        ps.setString(from + 4, a.daysOfWeek().stream().sorted().map(Enum::name).collect(Collectors.joining(",")));
        ps.setString(from + 5, a.status().name());
    }

    @Override
    public Optional<Alert> find(String accountId, String token) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM alerts WHERE account_id = ? AND token = ?", ps -> {
            ps.setString(1, accountId);
            ps.setString(2, token);
        }, JdbcAlertRepository::map);
    }

    @Override
    public List<Alert> list(String accountId, Alert.Type type) {
        String sql = "SELECT " + COLUMNS + " FROM alerts WHERE account_id = ?"
                     + (type != null ? " AND alert_type = ?" : "") + " ORDER BY scheduled_at, token";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            if (type != null) {
                ps.setString(2, type.name());
            }
            List<Alert> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw Jdbc.translate(sql, e);
        }
    }

    @Override
    public boolean delete(String accountId, String token) {
        return jdbc.update("DELETE FROM alerts WHERE account_id = ? AND token = ?", ps -> {
            ps.setString(1, accountId);
            ps.setString(2, token);
        }) == 1;
    }

    private static Alert map(ResultSet rs) throws SQLException {
        String days = rs.getString("days_of_week");
        EnumSet<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
        if (!days.isEmpty()) {
            Arrays.stream(days.split(",")).map(DayOfWeek::valueOf).forEach(set::add);
        }
        return new Alert(rs.getString("token"), rs.getString("account_id"),
                         Alert.Type.valueOf(rs.getString("alert_type")), instant(rs, "scheduled_at"),
                         ZoneId.of(rs.getString("zone_id")), LocalTime.parse(rs.getString("local_time")), set,
                         Alert.Status.valueOf(rs.getString("status")), instant(rs, "created_at"));
    }
}
