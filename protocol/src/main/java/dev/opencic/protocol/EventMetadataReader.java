package dev.opencic.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an event's {@code metadata} with a streaming parser: headers field by field, and only the
 * payloads as JSON trees. Every event on {@code /v1/events} goes through here, and building a tree
 * of the whole message first cost a measurable share of a small event's CPU. The whole input is read
 * before anything is validated, so malformed JSON is reported as such wherever it is, and the
 * structural checks then run in a fixed order with the same messages as the tree-based readers.
 */
final class EventMetadataReader {

    /** A header field's raw value: a string, {@link #NOT_A_STRING}, or null when absent or JSON null. */
    private static final Object NOT_A_STRING = new Object();
    /** A value that should have been an object or array but was something else. */
    private static final Object WRONG_TYPE = new Object();

    private static final class RawHeader {
        Object namespace;
        Object name;
        Object messageId;
        Object dialogRequestId;
    }

    /** header and payload: each null (absent), {@link #WRONG_TYPE}, or the parsed value. */
    private static final class RawMessage {
        Object header;
        JsonNode payload;
    }

    private EventMetadataReader() {}

    /**
     * @param values reads the payload objects; must not fail on trailing tokens, since what follows a
     *               payload is the rest of the message
     */
    static Event read(ObjectReader values, byte[] json, int offset, int length)
            throws MessageFormatException, IOException {
        Object event = null;        // RawMessage, WRONG_TYPE or null
        Object context = null;      // List<Object> (RawMessage or WRONG_TYPE per entry), WRONG_TYPE or null
        boolean contextNull = false;
        try (JsonParser p = values.createParser(json, offset, length)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new MessageFormatException("metadata must be a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren();
                requireEnd(p);
                throw new MessageFormatException("metadata must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "event" -> event = value == JsonToken.START_OBJECT ? readMessage(values, p) : skip(p);
                    case "context" -> {
                        contextNull = value == JsonToken.VALUE_NULL;
                        context = value == JsonToken.START_ARRAY ? readContext(values, p) : skip(p);
                    }
                    default -> p.skipChildren();
                }
            }
            requireEnd(p);
        }
        if (!(event instanceof RawMessage e)) {
            throw new MessageFormatException("missing object field: event");
        }
        Header header = header(e.header, "event.header", true);
        ObjectNode payload = payload(e.payload, "event.payload");
        return new Event(header, payload, context(context, contextNull));
    }

    private static Object skip(JsonParser p) throws IOException {
        p.skipChildren();
        return WRONG_TYPE;
    }

    /** FAIL_ON_TRAILING_TOKENS, as the mapper is configured for tree reading. */
    private static void requireEnd(JsonParser p) throws IOException {
        JsonToken trailing = p.nextToken();
        if (trailing != null) {
            throw new com.fasterxml.jackson.core.JsonParseException(p,
                    "Trailing token (of type " + trailing + ") found after value");
        }
    }

    private static RawMessage readMessage(ObjectReader values, JsonParser p) throws IOException {
        RawMessage m = new RawMessage();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "header" -> m.header = value == JsonToken.START_OBJECT ? readHeader(p)
                        : value == JsonToken.VALUE_NULL ? null : skip(p);
                case "payload" -> m.payload = tree(p, value);
                default -> p.skipChildren();
            }
        }
        return m;
    }

    /**
     * The value at the parser's current token as a tree, built directly: the same nodes Jackson's
     * {@code readTree} builds (later duplicate keys win; integers as int, long or big integer nodes by
     * size; other numbers as double or, when the parser reports one, big decimal nodes), without a
     * deserialization context per payload. Nesting is bounded by the parser's read constraints.
     */
    private static JsonNode tree(JsonParser p, JsonToken t) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (t) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    object.set(field, tree(p, p.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                for (JsonToken next; (next = p.nextToken()) != JsonToken.END_ARRAY; ) {
                    array.add(tree(p, next));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> nodes.numberNode(p.getIntValue());
                case LONG -> nodes.numberNode(p.getLongValue());
                default -> nodes.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                    ? nodes.numberNode(p.getDecimalValue()) : nodes.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "Unexpected token " + t);
        };
    }

    private static RawHeader readHeader(JsonParser p) throws IOException {
        RawHeader h = new RawHeader();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            Object v = value == JsonToken.VALUE_STRING ? p.getText()
                    : value == JsonToken.VALUE_NULL ? null : NOT_A_STRING;
            if (v == NOT_A_STRING) {
                p.skipChildren();
            }
            switch (field) {
                case "namespace" -> h.namespace = v;
                case "name" -> h.name = v;
                case "messageId" -> h.messageId = v;
                case "dialogRequestId" -> h.dialogRequestId = v;
                default -> { }
            }
        }
        return h;
    }

    private static List<Object> readContext(ObjectReader values, JsonParser p) throws IOException {
        List<Object> entries = new ArrayList<>();
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            entries.add(t == JsonToken.START_OBJECT ? readMessage(values, p) : skip(p));
        }
        return entries;
    }

    private static Header header(Object raw, String where, boolean needsMessageId) throws MessageFormatException {
        if (!(raw instanceof RawHeader h)) {
            throw new MessageFormatException("missing object field: " + where);
        }
        String namespace = required(h.namespace, "namespace", where);
        String name = required(h.name, "name", where);
        String messageId = needsMessageId ? required(h.messageId, "messageId", where)
                                          : optional(h.messageId, "messageId", where);
        String dialogRequestId = optional(h.dialogRequestId, "dialogRequestId", where);
        return new Header(namespace, name, messageId, dialogRequestId);
    }

    private static String required(Object value, String field, String where) throws MessageFormatException {
        if (value == null) {
            throw new MessageFormatException("missing field: " + where + '.' + field);
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new MessageFormatException(where + '.' + field + " must be a non-empty string");
        }
        return s;
    }

    private static String optional(Object value, String field, String where) throws MessageFormatException {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new MessageFormatException(where + '.' + field + " must be a string");
        }
        return s;
    }

    private static ObjectNode payload(JsonNode node, String where) throws MessageFormatException {
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new MessageFormatException(where + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static List<ContextObject> context(Object raw, boolean wasNull) throws MessageFormatException {
        if (raw == null || wasNull) {
            return List.of();
        }
        if (!(raw instanceof List<?> entries)) {
            throw new MessageFormatException("context must be a JSON array");
        }
        List<ContextObject> context = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String where = "context[" + i + "]";
            if (!(entries.get(i) instanceof RawMessage m)) {
                throw new MessageFormatException(where + " must be a JSON object");
            }
            context.add(new ContextObject(header(m.header, where + ".header", false),
                    payload(m.payload, where + ".payload")));
        }
        return context;
    }
}
