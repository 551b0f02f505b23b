package dev.opencic.server.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

public final class JdbcAuthorizationCodeRepository implements AuthorizationCodeRepository {

    private static final String COLUMNS =
            "code_hash, account_id, client_id, device_id, model_id, expires_at, used, created_at";
    private static final RowMapper<AuthorizationCode> ROW = ConstructorMapper.of(AuthorizationCode.class);

    private final Jdbi jdbi;

    public JdbcAuthorizationCodeRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(AuthorizationCode code) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO authorization_codes (" + COLUMNS + ") VALUES (:codeHash,"
                                           + " :accountId, :clientId, :deviceId, :modelId, :expiresAt, :used, :createdAt)")
                             .bindMethods(code).execute());
    }

    @Override
    public Optional<AuthorizationCode> consume(String codeHash) {
        return jdbi.inTransaction(h -> {
            // The conditional UPDATE is the single point of decision: only one transaction can flip
            // used from FALSE to TRUE (the row lock serialises concurrent attempts).
            int flipped = h.execute("UPDATE authorization_codes SET used = TRUE WHERE code_hash = ? AND used = FALSE",
                                    codeHash);
            if (flipped != 1) {
                return Optional.<AuthorizationCode>empty();
            }
            return h.select("SELECT " + COLUMNS + " FROM authorization_codes WHERE code_hash = ?", codeHash)
                    .map(ROW).findOne();
        });
    }

    @Override
    public int deleteExpired(Instant now) {
        return jdbi.withHandle(h -> h.execute("DELETE FROM authorization_codes WHERE expires_at <= ?", now));
    }
}
