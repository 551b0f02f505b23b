package dev.opencic.server.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

public final class JdbcClientRepository implements ClientRepository {

    private static final String COLUMNS = "client_id, name, secret_hash, created_at";
    private static final RowMapper<Client> ROW = ConstructorMapper.of(Client.class);
    private static final RowMapper<DeviceToken> TOKEN = ConstructorMapper.of(DeviceToken.class);

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

    @Override
    public List<Client> all() {
        return jdbi.withHandle(h -> h.select("SELECT " + COLUMNS + " FROM clients ORDER BY name, client_id")
                                     .map(ROW).list());
    }

    @Override
    public boolean updateSecret(String clientId, String secretHash) {
        return jdbi.withHandle(h -> h.execute("UPDATE clients SET secret_hash = ? WHERE client_id = ?",
                                              secretHash, clientId)) == 1;
    }

    @Override
    public Optional<List<DeviceToken>> delete(String clientId) {
        return jdbi.inTransaction(h -> {
            // Dependants first (foreign keys). A token exchange that commits in between makes the last
            // delete fail its foreign key, and the whole transaction rolls back: nothing half deleted.
            List<DeviceToken> live = h.select("SELECT access_token_hash, refresh_token_hash, account_id, client_id,"
                            + " device_id, model_id, access_expires_at, revoked, created_at FROM device_tokens"
                            + " WHERE client_id = ? AND revoked = FALSE", clientId)
                    .map(TOKEN).list();
            h.execute("DELETE FROM device_authorizations WHERE client_id = ?", clientId);
            h.execute("DELETE FROM authorization_codes WHERE client_id = ?", clientId);
            h.execute("DELETE FROM device_tokens WHERE client_id = ?", clientId);
            int deleted = h.execute("DELETE FROM clients WHERE client_id = ?", clientId);
            return deleted == 1 ? Optional.of(live) : Optional.<List<DeviceToken>>empty();
        });
    }
}
