package dev.opencic.server.store;

import java.util.List;
import java.util.Optional;

/** Registered clients. Blocking; call off the event loop. */
public interface ClientRepository {

    /** @throws DuplicateKeyException if the client id is taken */
    void insert(Client client);

    Optional<Client> findById(String clientId);

    /** Every registered client, by name. */
    List<Client> all();

    /** Replaces the client's secret digest; false if there is no such client. */
    boolean updateSecret(String clientId, String secretHash);

    /**
     * In one transaction: deletes the client with everything issued to it (authorization codes, token
     * rows, pending device authorisations). Returns its token rows that were still live (not revoked)
     * before, so their devices can be told; empty when there was no such client.
     */
    Optional<List<DeviceToken>> delete(String clientId);
}
