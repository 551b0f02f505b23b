package dev.opencic.server.auth;

/** {@link AccountService#createAccount} was given a username that already exists. */
public final class UsernameTakenException extends IllegalArgumentException {
    public UsernameTakenException(String username) {
        super("username '" + username + "' is already taken");
    }
}
