package dev.opencic.server.store;

import java.util.Optional;

/** Accounts. Blocking; call off the event loop. */
public interface AccountRepository {

    /** @throws DuplicateKeyException if the username (or id) is taken */
    void insert(Account account);

    Optional<Account> findByUsername(String username);

    Optional<Account> findById(String accountId);

    /** Replaces an account's password hash; false if the account does not exist. */
    boolean updatePasswordHash(String accountId, String passwordHash);
}
