package dev.opencic.server.store;

import java.time.ZoneId;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcTimeZoneRepository implements TimeZoneRepository {

    private final Jdbi jdbi;

    public JdbcTimeZoneRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<ZoneId> find(String accountId, String deviceId) {
        // Descending puts the device's own row before the account's ('').
        return jdbi.withHandle(h -> h.select("SELECT zone_id FROM time_zones WHERE account_id = ? AND device_id IN (?, '')"
                                             + " ORDER BY device_id DESC", accountId, deviceId)
                                     .map((rs, ctx) -> ZoneId.of(rs.getString(1))).findFirst());
    }

    @Override
    public void set(String accountId, String deviceId, ZoneId zone) {
        // Update, else insert: portable where MERGE and ON CONFLICT are not.
        jdbi.useTransaction(h -> {
            int n = h.execute("UPDATE time_zones SET zone_id = ? WHERE account_id = ? AND device_id = ?",
                              zone.getId(), accountId, deviceId);
            if (n == 0) {
                h.execute("INSERT INTO time_zones (account_id, device_id, zone_id) VALUES (?, ?, ?)",
                          accountId, deviceId, zone.getId());
            }
        });
    }
}
