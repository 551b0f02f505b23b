package dev.opencic.client;

import dev.opencic.protocol.payload.Payload;
import java.util.Objects;

/**
 * One context object the device reports with its events, such as {@code Speaker.VolumeState}:
 * its namespace and name and its payload as a typed record (those of {@code
 * dev.opencic.client.context.ContextObjects}, {@link dev.opencic.protocol.payload.AudioPlayer.PlaybackState},
 * or an app's own record; a {@link dev.opencic.protocol.payload.RawPayload} for JSON as it is). The
 * client writes it as JSON when it sends an event.
 */
public record ContextState(String namespace, String name, Payload payload) {

    /** @throws IllegalArgumentException for a blank namespace or name */
    public ContextState {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
        if (namespace.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("namespace.name: \"" + namespace + "." + name + "\" (expected: not blank)");
        }
    }

    /** Whether this is {@code namespace.name}. */
    public boolean is(String namespace, String name) {
        return this.namespace.equals(namespace) && this.name.equals(name);
    }
}
