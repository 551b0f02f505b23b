package dev.opencic.server.store;

import java.time.ZoneId;
import java.util.Optional;
import javax.sql.DataSource;

public final class JdbcTimeZoneRepository implements TimeZoneRepository {

    private final Jdbc jdbc;

    public JdbcTimeZoneRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Optional<ZoneId> find(String accountId, String deviceId) {
        // Descending puts the device's own row before the account's ('').
        return jdbc.queryOne("SELECT zone_id FROM time_zones WHERE account_id = ? AND device_id IN (?, '') "
                             + "ORDER BY device_id DESC", ps -> {
                                 ps.setString(1, accountId);
                                 ps.setString(2, deviceId);
                             }, rs -> ZoneId.of(rs.getString(1)));
    }

    @Override
    public void set(String accountId, String deviceId, ZoneId zone) {
        jdbc.inTransaction("set time zone", c -> {
            int n = Jdbc.update(c, "UPDATE time_zones SET zone_id = ? WHERE account_id = ? AND device_id = ?", ps -> {
                ps.setString(1, zone.getId());
                ps.setString(2, accountId);
                ps.setString(3, deviceId);
            });
            if (n == 0) {
                Jdbc.update(c, "INSERT INTO time_zones (account_id, device_id, zone_id) VALUES (?, ?, ?)", ps -> {
                    ps.setString(1, accountId);
                    ps.setString(2, deviceId);
                    ps.setString(3, zone.getId());
                });
            }
            return null;
        });
    }
}
