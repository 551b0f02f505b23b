package dev.opencic.server.store;

import java.time.Instant;
import java.util.Optional;

/** Authorization codes (by digest). Blocking; call off the event loop. */
public interface AuthorizationCodeRepository {

    void insert(AuthorizationCode code);

    /**
     * Atomically marks the code used and returns it, or returns empty if it does not exist or was
     * already used. Exactly one of any number of concurrent callers gets the code. Expiry is not
     * checked here.
     */
    Optional<AuthorizationCode> consume(String codeHash);

    /** Deletes codes whose expiry is at or before {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
