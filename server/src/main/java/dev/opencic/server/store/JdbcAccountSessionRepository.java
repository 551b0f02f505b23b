package dev.opencic.server.store;

import static dev.opencic.server.store.Jdbc.instant;
import static dev.opencic.server.store.Jdbc.millis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

public final class JdbcAccountSessionRepository implements AccountSessionRepository {

    private static final String COLUMNS = "token_hash, account_id, expires_at, created_at";

    private final Jdbc jdbc;

    public JdbcAccountSessionRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void insert(AccountSession s) {
        jdbc.update("INSERT INTO account_sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?)", ps -> {
            ps.setString(1, s.tokenHash());
            ps.setString(2, s.accountId());
            ps.setLong(3, millis(s.expiresAt()));
            ps.setLong(4, millis(s.createdAt()));
        });
    }

    @Override
    public Optional<AccountSession> findByTokenHash(String tokenHash) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM account_sessions WHERE token_hash = ?",
                             ps -> ps.setString(1, tokenHash), JdbcAccountSessionRepository::map);
    }

    @Override
    public int deleteExpired(Instant now) {
        return jdbc.update("DELETE FROM account_sessions WHERE expires_at <= ?",
                           ps -> ps.setLong(1, millis(now)));
    }

    private static AccountSession map(ResultSet rs) throws SQLException {
        return new AccountSession(rs.getString("token_hash"), rs.getString("account_id"),
                                  instant(rs, "expires_at"), instant(rs, "created_at"));
    }
}
