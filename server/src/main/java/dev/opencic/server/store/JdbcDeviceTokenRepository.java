package dev.opencic.server.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

public final class JdbcDeviceTokenRepository implements DeviceTokenRepository {

    private static final String COLUMNS =
            "access_token_hash, refresh_token_hash, account_id, client_id, device_id, model_id, "
            + "access_expires_at, revoked, created_at";
    private static final RowMapper<DeviceToken> ROW = ConstructorMapper.of(DeviceToken.class);

    private final Jdbi jdbi;

    public JdbcDeviceTokenRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(DeviceToken token) {
        jdbi.useHandle(h -> insert(h, token));
    }

    private static void insert(Handle h, DeviceToken t) {
        h.createUpdate("INSERT INTO device_tokens (" + COLUMNS + ") VALUES (:accessTokenHash, :refreshTokenHash,"
                       + " :accountId, :clientId, :deviceId, :modelId, :accessExpiresAt, :revoked, :createdAt)")
         .bindMethods(t).execute();
    }

    @Override
    public Optional<DeviceToken> findByAccessHash(String accessTokenHash) {
        return jdbi.withHandle(h -> find(h, "access_token_hash", accessTokenHash));
    }

    @Override
    public Optional<DeviceToken> findByRefreshHash(String refreshTokenHash) {
        return jdbi.withHandle(h -> find(h, "refresh_token_hash", refreshTokenHash));
    }

    @Override
    public Optional<DeviceToken> rotate(String oldRefreshHash, DeviceToken replacement) {
        return jdbi.inTransaction(h -> {
            Optional<DeviceToken> old = revoke(h, "refresh_token_hash", oldRefreshHash);
            old.ifPresent(revoked -> insert(h, replacement));
            return old;
        });
    }

    @Override
    public Optional<DeviceToken> revokeByAccessHash(String accessTokenHash) {
        return jdbi.inTransaction(h -> revoke(h, "access_token_hash", accessTokenHash));
    }

    @Override
    public List<String> revokeFamily(String accountId, String clientId, String deviceId) {
        return jdbi.inTransaction(h -> {
            List<String> hashes = h.select("SELECT access_token_hash FROM device_tokens WHERE account_id = ? AND client_id = ?"
                                           + " AND device_id = ? AND revoked = FALSE", accountId, clientId, deviceId)
                                   .mapTo(String.class).list();
            h.execute("UPDATE device_tokens SET revoked = TRUE WHERE account_id = ? AND client_id = ? AND device_id = ?"
                      + " AND revoked = FALSE", accountId, clientId, deviceId);
            return hashes;
        });
    }

    @Override
    public Map<String, Integer> liveDevicesPerClient() {
        return jdbi.withHandle(h -> {
            Map<String, Integer> counts = new HashMap<>();
            h.select("SELECT client_id, COUNT(*) FROM (SELECT DISTINCT client_id, account_id, device_id FROM device_tokens"
                     + " WHERE revoked = FALSE) live GROUP BY client_id")
             .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
             .forEach(e -> counts.put(e.getKey(), e.getValue()));
            return counts;
        });
    }

    /**
     * Revokes the row whose {@code keyColumn} (one of the two unique digests) is {@code key}; the
     * conditional UPDATE decides the race between two callers. Returns the row as it was before, or
     * empty when there is none or another caller revoked it first.
     */
    private static Optional<DeviceToken> revoke(Handle h, String keyColumn, String key) {
        Optional<DeviceToken> row = find(h, keyColumn, key);
        if (row.isEmpty()) {
            return row;
        }
        int revoked = h.execute("UPDATE device_tokens SET revoked = TRUE WHERE " + keyColumn + " = ? AND revoked = FALSE",
                                key);
        return revoked == 1 ? row : Optional.empty();
    }

    private static Optional<DeviceToken> find(Handle h, String keyColumn, String key) {
        return h.select("SELECT " + COLUMNS + " FROM device_tokens WHERE " + keyColumn + " = ?", key).map(ROW).findOne();
    }
}
