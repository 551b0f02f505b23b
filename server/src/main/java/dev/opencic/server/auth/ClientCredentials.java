package dev.opencic.server.auth;

import java.util.Objects;

/**
 * A new client's id and secret. The secret exists only here: the server keeps its SHA-256 digest, so
 * show it to the operator once. {@link #toString()} hides the secret.
 */
public record ClientCredentials(String clientId, String clientSecret, String name) {
    public ClientCredentials {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + ", name=" + name + ", clientSecret=***]";
    }
}
