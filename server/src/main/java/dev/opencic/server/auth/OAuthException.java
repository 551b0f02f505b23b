package dev.opencic.server.auth;

import java.util.Objects;

/**
 * A request the auth services refuse, with a client-facing description. The description never
 * contains secrets or tokens; there is no stack trace worth keeping, so none is filled in.
 */
public final class OAuthException extends RuntimeException {

    private final OAuthError error;

    public OAuthException(OAuthError error, String description) {
        super(description, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
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
