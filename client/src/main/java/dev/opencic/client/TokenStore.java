package dev.opencic.client;

import java.io.IOException;
import java.util.Optional;

/**
 * Where a {@link CicClient} keeps its device's tokens between runs. {@link FileTokenStore} is the
 * default; an Android app would back this with its encrypted preferences. Implementations must be
 * thread-safe: the client saves from its refresh path while the app may call {@code logout}.
 */
public interface TokenStore {

    /** The saved tokens, or empty when the device is not logged in. */
    Optional<Tokens> load() throws IOException;

    /** Replaces the saved tokens. */
    void save(Tokens tokens) throws IOException;

    /** Forgets the tokens (logout). */
    void clear() throws IOException;
}
