package dev.opencic.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.protocol.payload.Payloads;
import dev.opencic.protocol.payload.RawPayload;
import java.util.Objects;

/**
 * A directive from the cloud to a device. Serialised as {@code {"directive": {header, payload}}}.
 *
 * <p>Immutable: the payload is written once, when the directive is made (from a payload record
 * through {@link Payloads}, or copied from JSON), and {@link #payload()} hands out copies. A
 * directive can therefore be queued, pushed to several devices and logged without anyone changing
 * what the others send.
 */
public final class Directive {

    private final Header header;
    /** Never handed out: {@link #payload()} copies it, {@link MessageCodec} writes it. */
    private final ObjectNode json;

    /** A directive with a copy of {@code payload}: for a message no record describes, or one read off the wire. */
    public Directive(Header header, ObjectNode payload) {
        this.header = Objects.requireNonNull(header, "header");
        // Copied even when a factory below made it: payloads are small, and with one constructor
        // that always copies there is no way to make a directive that shares its JSON.
        this.json = Objects.requireNonNull(payload, "payload").deepCopy();
    }

    /** A directive whose payload is {@code payload} as {@link Payloads} writes it. */
    public static Directive of(Header header, Payload payload) {
        return new Directive(header, Payloads.toJson(payload));
    }

    /** A directive with a fresh message id and {@code payload}. */
    public static Directive of(String namespace, String name, String dialogRequestId, Payload payload) {
        return of(Header.of(namespace, name, dialogRequestId), payload);
    }

    /**
     * A directive with a fresh message id, named by the one directive {@link Payloads} maps the
     * payload's record to.
     *
     * @throws IllegalArgumentException if the record serves no directive, or several (name it then)
     */
    public static Directive of(String dialogRequestId, Payload payload) {
        Header named = Payloads.directiveHeader(payload.getClass())
                .orElseThrow(() -> new IllegalArgumentException(payload.getClass().getName()
                        + " is not the payload of exactly one directive; name the directive"));
        return of(Header.of(named.namespace(), named.name(), dialogRequestId), payload);
    }

    /** {@link #of(String, Payload)} outside any dialogue (no dialogRequestId): what the cloud pushes. */
    public static Directive of(Payload payload) {
        return of((String) null, payload);
    }

    /** A directive with a fresh message id and an empty payload ({@code {}}). */
    public static Directive of(String namespace, String name, String dialogRequestId) {
        return new Directive(Header.of(namespace, name, dialogRequestId), JsonNodeFactory.instance.objectNode());
    }

    /** The same namespace, name and payload under a fresh message id and {@code dialogRequestId}. */
    public Directive reissued(String dialogRequestId) {
        return new Directive(Header.of(header.namespace(), header.name(), dialogRequestId), json);
    }

    public Header header() {
        return header;
    }

    /** A copy of the payload JSON: changing it changes nothing this directive sends. */
    public ObjectNode payload() {
        return json.deepCopy();
    }

    /** The payload itself, for the codec to write; nobody may change it. */
    ObjectNode payloadJson() {
        return json;
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
        return Payloads.read(Payloads.Kind.DIRECTIVE, header.namespace(), header.name(), json);
    }

    /**
     * The payload as {@code type}.
     *
     * @throws IllegalArgumentException if the payload does not fit {@code type}
     */
    public <T> T payloadAs(Class<T> type) {
        return Payloads.convert(json, type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Directive d && header.equals(d.header) && json.equals(d.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, json);
    }

    @Override
    public String toString() {
        return "Directive[header=" + header + ", payload=" + json + "]";
    }
}
