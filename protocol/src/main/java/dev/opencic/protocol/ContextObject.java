package dev.opencic.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.protocol.payload.Payloads;
import dev.opencic.protocol.payload.RawPayload;
import java.util.Objects;

/** One entry of an event's {@code context} array, such as {@code Speaker.VolumeState}. */
public record ContextObject(Header header, ObjectNode payload) {
    public ContextObject {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payload, "payload");
    }

    /** The payload typed by {@link Payloads}: its record, or {@link RawPayload} for an unknown context object. */
    public Payload typedPayload() {
        return Payloads.read(Payloads.Kind.CONTEXT, header.namespace(), header.name(), payload);
    }

    /**
     * The payload as {@code type}.
     *
     * @throws IllegalArgumentException if the payload does not fit {@code type}
     */
    public <T> T payloadAs(Class<T> type) {
        return Payloads.convert(payload, type);
    }
}
