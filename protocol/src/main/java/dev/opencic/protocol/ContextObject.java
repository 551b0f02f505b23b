package dev.opencic.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.protocol.payload.Payloads;
import dev.opencic.protocol.payload.RawPayload;
import java.util.Objects;

/**
 * One entry of an event's {@code context} array, such as {@code Speaker.VolumeState}. Immutable like
 * {@link Event}: the payload is copied in and {@link #payload()} hands out copies.
 */
public record ContextObject(Header header, ObjectNode payload) {
    public ContextObject {
        Objects.requireNonNull(header, "header");
        payload = Objects.requireNonNull(payload, "payload").deepCopy();
    }

    /** A copy of the payload JSON: changing it changes nothing this context object says. */
    @Override
    public ObjectNode payload() {
        return payload.deepCopy();
    }

    /** The payload itself, for the codec to write; nobody may change it. */
    ObjectNode payloadJson() {
        return payload;
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
