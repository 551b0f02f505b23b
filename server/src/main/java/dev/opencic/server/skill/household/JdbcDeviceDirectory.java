package dev.opencic.server.skill.household;

import dev.opencic.server.store.DuplicateKeyException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link DeviceDirectory} on the {@code devices} table (migration V10). */
public final class JdbcDeviceDirectory implements DeviceDirectory {

    private static final String COLUMNS = "account_id, device_id, name, room, client_id, first_seen_at, last_seen_at";
    private static final RowMapper<HouseholdDevice> ROW = (rs, ctx) -> new HouseholdDevice(
            rs.getString("account_id"), rs.getString("device_id"), rs.getString("name"), rs.getString("room"),
            rs.getString("client_id"), Instant.ofEpochMilli(rs.getLong("first_seen_at")),
            Instant.ofEpochMilli(rs.getLong("last_seen_at")));

    private final Jdbi jdbi;

    public JdbcDeviceDirectory(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void seen(String accountId, String deviceId, String clientId, Instant at) {
        try {
            upsertSeen(accountId, deviceId, clientId, at);
        } catch (DuplicateKeyException e) { // a naming inserted the row meanwhile: it is there to update now
            upsertSeen(accountId, deviceId, clientId, at);
        }
    }

    private void upsertSeen(String accountId, String deviceId, String clientId, Instant at) {
        // Update, else insert: portable where MERGE and ON CONFLICT are not.
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE devices SET last_seen_at = :at, client_id = :client"
                                         + " WHERE account_id = :account AND device_id = :device")
                           .bind("at", at.toEpochMilli()).bind("client", clientId)
                           .bind("account", accountId).bind("device", deviceId).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO devices (" + COLUMNS + ") VALUES (:account, :device, NULL, NULL, :client,"
                               + " :at, :at)")
                 .bind("at", at.toEpochMilli()).bind("client", clientId)
                 .bind("account", accountId).bind("device", deviceId).execute();
            }
        });
    }

    @Override
    public HouseholdDevice name(String accountId, String deviceId, String name, String room, Instant at) {
        try {
            return upsertName(accountId, deviceId, name, room, at);
        } catch (DuplicateKeyException e) { // the device's first open inserted the row meanwhile
            return upsertName(accountId, deviceId, name, room, at);
        }
    }

    private HouseholdDevice upsertName(String accountId, String deviceId, String name, String room, Instant at) {
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE devices SET name = :name, room = COALESCE(:room, room)"
                                         + " WHERE account_id = :account AND device_id = :device")
                           .bind("name", name).bind("room", room)
                           .bind("account", accountId).bind("device", deviceId).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO devices (" + COLUMNS + ") VALUES (:account, :device, :name, :room, NULL,"
                               + " :at, :at)")
                 .bind("name", name).bind("room", room).bind("at", at.toEpochMilli())
                 .bind("account", accountId).bind("device", deviceId).execute();
            }
            return h.select("SELECT " + COLUMNS + " FROM devices WHERE account_id = ? AND device_id = ?",
                    accountId, deviceId).map(ROW).one();
        });
    }

    @Override
    public Optional<HouseholdDevice> find(String accountId, String deviceId) {
        return jdbi.withHandle(h -> h.select("SELECT " + COLUMNS + " FROM devices WHERE account_id = ? AND device_id = ?",
                accountId, deviceId).map(ROW).findOne());
    }

    @Override
    public List<HouseholdDevice> list(String accountId) {
        return jdbi.withHandle(h -> h.select("SELECT " + COLUMNS + " FROM devices WHERE account_id = ? ORDER BY device_id",
                accountId).map(ROW).list());
    }
}
