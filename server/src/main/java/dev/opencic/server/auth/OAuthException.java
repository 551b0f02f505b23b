package dev.opencic.server.auth;

import java.util.Objects;

/**
 * A request the auth services refuse, with a client-facing description. The description never
 * contains secrets or tokens; there is no stack trace worth keeping, so none is filled in.
 */
public final class OAuthException extends RuntimeException {

    private final OAuthError error;
    private final java.time.Duration retryAfter;

    public OAuthException(OAuthError error, String description) {
        this(error, description, null);
    }

    /** @param retryAfter sent as {@code Retry-After} (whole seconds, rounded up); null for none */
    public OAuthException(OAuthError error, String description, java.time.Duration retryAfter) {
        super(description, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
        this.retryAfter = retryAfter;
    }

    /** How long the client should wait before trying again, or null. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public OAuthError error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    @Override
    public String toString() {
        return "OAuthException[" + error.code() + ": " + getMessage() + "]";
    }
}
