package dev.opencic.server.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

public final class JdbcAccountSessionRepository implements AccountSessionRepository {

    private static final String COLUMNS = "token_hash, account_id, expires_at, created_at";
    private static final RowMapper<AccountSession> ROW = ConstructorMapper.of(AccountSession.class);

    private final Jdbi jdbi;

    public JdbcAccountSessionRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(AccountSession s) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO account_sessions (" + COLUMNS + ")"
                                           + " VALUES (:tokenHash, :accountId, :expiresAt, :createdAt)")
                             .bindMethods(s).execute());
    }

    @Override
    public Optional<AccountSession> findByTokenHash(String tokenHash) {
        return jdbi.withHandle(h -> h.select("SELECT " + COLUMNS + " FROM account_sessions WHERE token_hash = ?",
                                             tokenHash).map(ROW).findOne());
    }

    @Override
    public int deleteExpired(Instant now) {
        return jdbi.withHandle(h -> h.execute("DELETE FROM account_sessions WHERE expires_at <= ?", now));
    }

    @Override
    public boolean deleteByTokenHash(String tokenHash) {
        return jdbi.withHandle(h -> h.execute("DELETE FROM account_sessions WHERE token_hash = ?", tokenHash)) > 0;
    }

    @Override
    public int deleteByAccount(String accountId) {
        return jdbi.withHandle(h -> h.execute("DELETE FROM account_sessions WHERE account_id = ?", accountId));
    }
}
