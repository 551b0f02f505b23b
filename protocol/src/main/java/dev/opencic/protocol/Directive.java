package dev.opencic.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.protocol.payload.Payloads;
import dev.opencic.protocol.payload.RawPayload;
import java.util.Objects;

/** A directive from the cloud to a device. Serialised as {@code {"directive": {header, payload}}}. */
public record Directive(Header header, ObjectNode payload) {

    public Directive {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payload, "payload");
    }

    /** A directive with a fresh message id and an empty payload to fill in. */
    public static Directive of(String namespace, String name, String dialogRequestId) {
        return new Directive(Header.of(namespace, name, dialogRequestId), JsonNodeFactory.instance.objectNode());
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

    /** The payload typed by {@link Payloads}: its record, or {@link RawPayload} for an unknown message. */
    public Payload typedPayload() {
        return Payloads.read(Payloads.Kind.DIRECTIVE, header.namespace(), header.name(), payload);
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
