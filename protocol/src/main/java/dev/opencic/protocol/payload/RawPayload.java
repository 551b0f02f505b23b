package dev.opencic.protocol.payload;

import java.util.Objects;

/**
 * The payload of a message {@link Payloads} has no type for (a custom namespace, or a name this
 * version does not know), as the JSON text it arrived as.
 *
 * @param json the payload object, as JSON text
 */
public record RawPayload(String json) implements Payload {

    public RawPayload {
        Objects.requireNonNull(json, "json");
    }
}
