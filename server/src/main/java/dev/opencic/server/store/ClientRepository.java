package dev.opencic.server.store;

import java.util.Optional;

/** Registered clients. Blocking; call off the event loop. */
public interface ClientRepository {

    /** @throws DuplicateKeyException if the client id is taken */
    void insert(Client client);

    Optional<Client> findById(String clientId);
}
