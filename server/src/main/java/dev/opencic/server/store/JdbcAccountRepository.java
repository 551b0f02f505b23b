package dev.opencic.server.store;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

public final class JdbcAccountRepository implements AccountRepository {

    private static final String COLUMNS = "account_id, username, password_hash, created_at";
    private static final RowMapper<Account> ROW = ConstructorMapper.of(Account.class);

    private final Jdbi jdbi;

    public JdbcAccountRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(Account a) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO accounts (" + COLUMNS + ")"
                                           + " VALUES (:accountId, :username, :passwordHash, :createdAt)")
                             .bindMethods(a).execute());
    }

    @Override
    public Optional<Account> findByUsername(String username) {
        return jdbi.withHandle(h -> h.select("SELECT " + COLUMNS + " FROM accounts WHERE username = ?", username)
                                     .map(ROW).findOne());
    }

    @Override
    public Optional<Account> findById(String accountId) {
        return jdbi.withHandle(h -> h.select("SELECT " + COLUMNS + " FROM accounts WHERE account_id = ?", accountId)
                                     .map(ROW).findOne());
    }

    @Override
    public boolean updatePasswordHash(String accountId, String passwordHash) {
        return jdbi.withHandle(h -> h.execute("UPDATE accounts SET password_hash = ? WHERE account_id = ?",
                passwordHash, accountId)) == 1;
    }
}
