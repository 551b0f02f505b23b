package dev.opencic.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** One entry of an event's {@code context} array, such as {@code Speaker.VolumeState}. */
public record ContextObject(Header header, ObjectNode payload) {
    public ContextObject {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payload, "payload");
    }
}
