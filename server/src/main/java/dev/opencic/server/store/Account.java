package dev.opencic.server.store;

import java.time.Instant;
import java.util.Objects;

/** A user account. {@code passwordHash} is a password4j hash string, never a password. */
public record Account(String accountId, String username, String passwordHash, Instant createdAt) {
    public Account {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
