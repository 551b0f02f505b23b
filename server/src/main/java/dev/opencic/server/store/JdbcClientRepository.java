package dev.opencic.server.store;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

public final class JdbcClientRepository implements ClientRepository {

    private static final String COLUMNS = "client_id, name, secret_hash, created_at";
    private static final RowMapper<Client> ROW = ConstructorMapper.of(Client.class);

    private final Jdbi jdbi;

    public JdbcClientRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(Client client) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO clients (" + COLUMNS + ")"
                                           + " VALUES (:clientId, :name, :secretHash, :createdAt)")
                             .bindMethods(client).execute());
    }

    @Override
    public Optional<Client> findById(String clientId) {
        return jdbi.withHandle(h -> h.select("SELECT " + COLUMNS + " FROM clients WHERE client_id = ?", clientId)
                                     .map(ROW).findOne());
    }
}
