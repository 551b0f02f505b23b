package dev.opencic.server.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Event;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads what a device sent as the typed records of {@code dev.opencic.protocol.payload}. An event's
 * payload that does not fit its record is the device's mistake: a {@code 400} naming the field. A
 * context object that does not fit is treated as not sent, since context only informs the answer.
 */
public final class EventPayloads {

    private EventPayloads() {}

    /**
     * The event's payload as {@code type}.
     *
     * @throws CicException {@code 400} naming the field when the payload does not fit
     */
    public static <T> T read(Event event, Class<T> type) {
        try {
            return event.payloadAs(type);
        } catch (IllegalArgumentException e) {
            throw CicException.badRequest(event.header().qualifiedName() + ": " + describe(e));
        }
    }

    /** The context object {@code namespace.name} as {@code type}, if the device sent a readable one. */
    public static <T> Optional<T> context(Event event, String namespace, String name, Class<T> type) {
        return event.context(namespace, name).flatMap(c -> context(c, type));
    }

    /** {@code context} as {@code type}, or empty when it does not fit. */
    public static <T> Optional<T> context(ContextObject context, Class<T> type) {
        try {
            return Optional.of(context.payloadAs(type));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** "payload.audioStream.token must be a string", from what Jackson says went wrong. */
    private static String describe(IllegalArgumentException e) {
        if (!(e.getCause() instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return "payload does not fit the message";
        }
        String field = mapping.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        Class<?> expected = mapping instanceof MismatchedInputException m ? m.getTargetType() : null;
        return "payload." + field + " must be " + kind(expected);
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "an object";
    }
}
