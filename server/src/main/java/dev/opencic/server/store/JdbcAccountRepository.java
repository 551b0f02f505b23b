package dev.opencic.server.store;

import static dev.opencic.server.store.Jdbc.instant;
import static dev.opencic.server.store.Jdbc.millis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

public final class JdbcAccountRepository implements AccountRepository {

    private static final String COLUMNS = "account_id, username, password_hash, created_at";

    private final Jdbc jdbc;

    public JdbcAccountRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void insert(Account a) {
        jdbc.update("INSERT INTO accounts (" + COLUMNS + ") VALUES (?, ?, ?, ?)", ps -> {
            ps.setString(1, a.accountId());
            ps.setString(2, a.username());
            ps.setString(3, a.passwordHash());
            ps.setLong(4, millis(a.createdAt()));
        });
    }

    @Override
    public Optional<Account> findByUsername(String username) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM accounts WHERE username = ?",
                             ps -> ps.setString(1, username), JdbcAccountRepository::map);
    }

    @Override
    public Optional<Account> findById(String accountId) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM accounts WHERE account_id = ?",
                             ps -> ps.setString(1, accountId), JdbcAccountRepository::map);
    }

    private static Account map(ResultSet rs) throws SQLException {
        return new Account(rs.getString("account_id"), rs.getString("username"),
                           rs.getString("password_hash"), instant(rs, "created_at"));
    }
}
