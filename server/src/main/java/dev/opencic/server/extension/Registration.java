package dev.opencic.server.extension;

import java.util.Objects;

/**
 * One registered extension as stored: its name (what users say after "open"/"ask"), the webhook URL
 * the platform posts CEK requests to, its interaction model (the JSON file given to
 * {@code extension add}, kept as given), and the SHA-256 of its push secret (the secret itself is
 * printed once and never stored).
 */
public record Registration(String name, String url, String modelJson, String pushSecretHash, long updatedAt) {
    public Registration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(modelJson, "modelJson");
        Objects.requireNonNull(pushSecretHash, "pushSecretHash");
    }
}
