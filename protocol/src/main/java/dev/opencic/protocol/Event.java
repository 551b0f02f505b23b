package dev.opencic.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.protocol.payload.Payloads;
import dev.opencic.protocol.payload.RawPayload;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An event as a device sends it in the {@code metadata} part: the event header and payload plus the
 * device's context objects. Immutable: the payload is copied in, and {@link #payload()} hands out
 * copies; read it typed with {@link #payloadAs} or {@link #typedPayload}.
 */
public record Event(Header header, ObjectNode payload, List<ContextObject> context) {

    public Event {
        Objects.requireNonNull(header, "header");
        payload = Objects.requireNonNull(payload, "payload").deepCopy();
        context = List.copyOf(context);
    }

    /** A copy of the payload JSON: changing it changes nothing this event says. */
    @Override
    public ObjectNode payload() {
        return payload.deepCopy();
    }

    /** The payload itself, for the codec to write; nobody may change it. */
    ObjectNode payloadJson() {
        return payload;
    }

    public String namespace() {
        return header.namespace();
    }

    public String name() {
        return header.name();
    }

    public String dialogRequestId() {
        return header.dialogRequestId();
    }

    /** The context object with this namespace and name, if the device sent it. */
    public Optional<ContextObject> context(String namespace, String name) {
        return context.stream()
                .filter(c -> c.header().namespace().equals(namespace) && c.header().name().equals(name))
                .findFirst();
    }

    /** The payload typed by {@link Payloads}: its record, or {@link RawPayload} for an unknown message. */
    public Payload typedPayload() {
        return Payloads.read(Payloads.Kind.EVENT, header.namespace(), header.name(), payload);
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
