package dev.opencic.server.store;

import static dev.opencic.server.store.Jdbc.instant;
import static dev.opencic.server.store.Jdbc.millis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

public final class JdbcClientRepository implements ClientRepository {

    private static final String COLUMNS = "client_id, name, secret_hash, created_at";

    private final Jdbc jdbc;

    public JdbcClientRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void insert(Client client) {
        jdbc.update("INSERT INTO clients (" + COLUMNS + ") VALUES (?, ?, ?, ?)", ps -> {
            ps.setString(1, client.clientId());
            ps.setString(2, client.name());
            ps.setString(3, client.secretHash());
            ps.setLong(4, millis(client.createdAt()));
        });
    }

    @Override
    public Optional<Client> findById(String clientId) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM clients WHERE client_id = ?",
                             ps -> ps.setString(1, clientId), JdbcClientRepository::map);
    }

    private static Client map(ResultSet rs) throws SQLException {
        return new Client(rs.getString("client_id"), rs.getString("name"), rs.getString("secret_hash"),
                          instant(rs, "created_at"));
    }
}
