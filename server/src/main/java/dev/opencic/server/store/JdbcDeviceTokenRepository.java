package dev.opencic.server.store;

import static dev.opencic.server.store.Jdbc.instant;
import static dev.opencic.server.store.Jdbc.millis;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

public final class JdbcDeviceTokenRepository implements DeviceTokenRepository {

    private static final String COLUMNS =
            "access_token_hash, refresh_token_hash, account_id, client_id, device_id, model_id, "
            + "access_expires_at, revoked, created_at";

    private final Jdbc jdbc;

    public JdbcDeviceTokenRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void insert(DeviceToken token) {
        jdbc.inTransaction("insert device token", c -> {
            insert(c, token);
            return null;
        });
    }

    private static void insert(Connection c, DeviceToken t) throws SQLException {
        Jdbc.update(c, "INSERT INTO device_tokens (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ps -> {
                        ps.setString(1, t.accessTokenHash());
                        ps.setString(2, t.refreshTokenHash());
                        ps.setString(3, t.accountId());
                        ps.setString(4, t.clientId());
                        ps.setString(5, t.deviceId());
                        ps.setString(6, t.modelId());
                        ps.setLong(7, millis(t.accessExpiresAt()));
                        ps.setBoolean(8, t.revoked());
                        ps.setLong(9, millis(t.createdAt()));
                    });
    }

    @Override
    public Optional<DeviceToken> findByAccessHash(String accessTokenHash) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM device_tokens WHERE access_token_hash = ?",
                             ps -> ps.setString(1, accessTokenHash), JdbcDeviceTokenRepository::map);
    }

    @Override
    public Optional<DeviceToken> findByRefreshHash(String refreshTokenHash) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM device_tokens WHERE refresh_token_hash = ?",
                             ps -> ps.setString(1, refreshTokenHash), JdbcDeviceTokenRepository::map);
    }

    @Override
    public Optional<DeviceToken> rotate(String oldRefreshHash, DeviceToken replacement) {
        return jdbc.inTransaction("rotate device token", c -> {
            Optional<DeviceToken> old = Jdbc.queryOne(
                    c, "SELECT " + COLUMNS + " FROM device_tokens WHERE refresh_token_hash = ?",
                    ps -> ps.setString(1, oldRefreshHash), JdbcDeviceTokenRepository::map);
            if (old.isEmpty()) {
                return Optional.<DeviceToken>empty();
            }
            // Conditional update decides the race between two redemptions of the same refresh token.
            int revoked = Jdbc.update(c, "UPDATE device_tokens SET revoked = TRUE "
                                         + "WHERE refresh_token_hash = ? AND revoked = FALSE",
                                      ps -> ps.setString(1, oldRefreshHash));
            if (revoked != 1) {
                return Optional.<DeviceToken>empty();
            }
            insert(c, replacement);
            return old;
        });
    }

    @Override
    public Optional<DeviceToken> revokeByAccessHash(String accessTokenHash) {
        return jdbc.inTransaction("revoke device token", c -> {
            Optional<DeviceToken> row = Jdbc.queryOne(
                    c, "SELECT " + COLUMNS + " FROM device_tokens WHERE access_token_hash = ?",
                    ps -> ps.setString(1, accessTokenHash), JdbcDeviceTokenRepository::map);
            if (row.isEmpty()) {
                return Optional.<DeviceToken>empty();
            }
            int revoked = Jdbc.update(c, "UPDATE device_tokens SET revoked = TRUE "
                                         + "WHERE access_token_hash = ? AND revoked = FALSE",
                                      ps -> ps.setString(1, accessTokenHash));
            return revoked == 1 ? row : Optional.<DeviceToken>empty();
        });
    }

    private static DeviceToken map(ResultSet rs) throws SQLException {
        return new DeviceToken(rs.getString("access_token_hash"), rs.getString("refresh_token_hash"),
                               rs.getString("account_id"), rs.getString("client_id"),
                               rs.getString("device_id"), rs.getString("model_id"),
                               instant(rs, "access_expires_at"), rs.getBoolean("revoked"),
                               instant(rs, "created_at"));
    }
}
