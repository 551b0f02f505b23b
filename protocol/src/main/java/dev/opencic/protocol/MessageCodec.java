package dev.opencic.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes CIC JSON messages. Reading validates the structure the reference requires and
 * names the offending field in the {@link MessageFormatException}, so the description a device gets
 * back in {@code System.Exception} tells its developer what to fix.
 */
public final class MessageCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** Reads payload objects out of a message being streamed (see {@link EventMetadataReader}). */
    private static final ObjectReader PAYLOADS = MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private MessageCodec() {}

    /** The shared mapper; configured once, safe to use from any thread. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses the {@code metadata} part of an event request. */
    public static Event readEvent(byte[] json) throws MessageFormatException {
        return readEvent(json, 0, json.length);
    }

    /** Parses the {@code metadata} part of an event request held in {@code json[offset, offset + length)}. */
    public static Event readEvent(byte[] json, int offset, int length) throws MessageFormatException {
        try {
            return EventMetadataReader.read(PAYLOADS, json, offset, length);
        } catch (IOException e) {
            throw new MessageFormatException("metadata is not valid JSON: " + shortReason(e), e);
        }
    }

    /** Parses one directive as written by {@link #writeDirective(Directive)}. */
    public static Directive readDirective(byte[] json) throws MessageFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new MessageFormatException("directive is not valid JSON: " + shortReason(e), e);
        }
        JsonNode directive = root == null ? null : root.get("directive");
        if (directive == null || !directive.isObject()) {
            throw new MessageFormatException("missing object field: directive");
        }
        Header header = readHeader(directive.get("header"), "directive.header", true);
        return new Directive(header, readPayload(directive.get("payload"), "directive.payload"));
    }

    public static byte[] writeDirective(Directive directive) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode d = root.putObject("directive");
        d.set("header", MAPPER.valueToTree(directive.header()));
        d.set("payload", directive.payloadJson());
        return toBytes(root);
    }

    /** Writes an event request's metadata: {@code {"context": [...], "event": {header, payload}}}. */
    public static byte[] writeEvent(Event event) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        var context = root.putArray("context");
        for (ContextObject c : event.context()) {
            ObjectNode o = context.addObject();
            o.set("header", MAPPER.valueToTree(c.header()));
            o.set("payload", c.payloadJson());
        }
        ObjectNode e = root.putObject("event");
        e.set("header", MAPPER.valueToTree(event.header()));
        e.set("payload", event.payloadJson());
        return toBytes(root);
    }

    /**
     * A {@code System.Exception} message. The reference (2018) shows it without a {@code directive}
     * wrapper and with {@code code} equal to the HTTP status.
     */
    public static byte[] writeSystemException(int code, String description) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("header", MAPPER.valueToTree(Header.of(Namespaces.SYSTEM, "Exception", null)));
        ObjectNode payload = root.putObject("payload");
        payload.put("code", code);
        payload.put("description", description);
        return toBytes(root);
    }

    public static byte[] toBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Header readHeader(JsonNode node, String where, boolean needsMessageId)
            throws MessageFormatException {
        if (node == null || !node.isObject()) {
            throw new MessageFormatException("missing object field: " + where);
        }
        String namespace = requiredText(node, "namespace", where);
        String name = requiredText(node, "name", where);
        String messageId = needsMessageId ? requiredText(node, "messageId", where) : optionalText(node, "messageId", where);
        String dialogRequestId = optionalText(node, "dialogRequestId", where);
        return new Header(namespace, name, messageId, dialogRequestId);
    }

    private static ObjectNode readPayload(JsonNode node, String where) throws MessageFormatException {
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new MessageFormatException(where + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static String requiredText(JsonNode parent, String field, String where) throws MessageFormatException {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            throw new MessageFormatException("missing field: " + where + '.' + field);
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new MessageFormatException(where + '.' + field + " must be a non-empty string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode parent, String field, String where) throws MessageFormatException {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new MessageFormatException(where + '.' + field + " must be a string");
        }
        return value.asText();
    }

    private static String shortReason(IOException e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
