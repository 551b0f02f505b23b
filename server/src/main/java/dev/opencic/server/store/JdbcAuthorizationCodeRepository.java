package dev.opencic.server.store;

import static dev.opencic.server.store.Jdbc.instant;
import static dev.opencic.server.store.Jdbc.millis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

public final class JdbcAuthorizationCodeRepository implements AuthorizationCodeRepository {

    private static final String COLUMNS =
            "code_hash, account_id, client_id, device_id, model_id, expires_at, used, created_at";

    private final Jdbc jdbc;

    public JdbcAuthorizationCodeRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void insert(AuthorizationCode code) {
        jdbc.update("INSERT INTO authorization_codes (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    ps -> {
                        ps.setString(1, code.codeHash());
                        ps.setString(2, code.accountId());
                        ps.setString(3, code.clientId());
                        ps.setString(4, code.deviceId());
                        ps.setString(5, code.modelId());
                        ps.setLong(6, millis(code.expiresAt()));
                        ps.setBoolean(7, code.used());
                        ps.setLong(8, millis(code.createdAt()));
                    });
    }

    @Override
    public Optional<AuthorizationCode> consume(String codeHash) {
        return jdbc.inTransaction("consume authorization code", c -> {
            // The conditional UPDATE is the single point of decision: only one transaction can flip
            // used from FALSE to TRUE (the row lock serialises concurrent attempts).
            int flipped = Jdbc.update(c, "UPDATE authorization_codes SET used = TRUE "
                                         + "WHERE code_hash = ? AND used = FALSE",
                                      ps -> ps.setString(1, codeHash));
            if (flipped != 1) {
                return Optional.empty();
            }
            return Jdbc.queryOne(c, "SELECT " + COLUMNS + " FROM authorization_codes WHERE code_hash = ?",
                                 ps -> ps.setString(1, codeHash), JdbcAuthorizationCodeRepository::map);
        });
    }

    @Override
    public int deleteExpired(Instant now) {
        return jdbc.update("DELETE FROM authorization_codes WHERE expires_at <= ?",
                           ps -> ps.setLong(1, millis(now)));
    }

    private static AuthorizationCode map(ResultSet rs) throws SQLException {
        return new AuthorizationCode(rs.getString("code_hash"), rs.getString("account_id"),
                                     rs.getString("client_id"), rs.getString("device_id"),
                                     rs.getString("model_id"), instant(rs, "expires_at"),
                                     rs.getBoolean("used"), instant(rs, "created_at"));
    }
}
