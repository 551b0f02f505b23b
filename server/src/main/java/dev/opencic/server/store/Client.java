package dev.opencic.server.store;

import java.time.Instant;
import java.util.Objects;

/** A registered client (a device maker's app). Only the SHA-256 digest of its secret is kept. */
public record Client(String clientId, String name, String secretHash, Instant createdAt) {
    public Client {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
