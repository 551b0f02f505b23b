package dev.opencic.server.console;

import java.util.Objects;

/**
 * The signed-in person a console page is rendered for: their account, whether they administer the
 * server, and the CSRF token every state-changing form of this session carries.
 */
public record ConsoleUser(String accountId, String username, boolean admin, String csrf) {
    public ConsoleUser {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(csrf, "csrf");
    }
}
