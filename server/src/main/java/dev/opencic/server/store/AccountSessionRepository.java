package dev.opencic.server.store;

import java.time.Instant;
import java.util.Optional;

/** Account login sessions (account access tokens, by digest). Blocking; call off the event loop. */
public interface AccountSessionRepository {

    void insert(AccountSession session);

    Optional<AccountSession> findByTokenHash(String tokenHash);

    /** Deletes sessions whose expiry is at or before {@code now}; returns how many. */
    int deleteExpired(Instant now);

    /** Ends one session (sign out); true if it existed. */
    boolean deleteByTokenHash(String tokenHash);

    /** Ends every session of an account (its password changed); returns how many. */
    int deleteByAccount(String accountId);
}
