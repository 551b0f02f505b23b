package dev.opencic.server.skill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.Event;
import dev.opencic.server.api.CicException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the fields of a device event's payload, answering {@code 400} with {@code System.Exception}
 * (through {@link CicException#badRequest}) when one is missing or malformed.
 */
public final class EventFields {

    private EventFields() {}

    /** A non-blank string field of at most {@code maxLength} characters. */
    public static String requiredText(Event event, String field, int maxLength) {
        JsonNode n = event.payload().get(field);
        String name = event.header().qualifiedName();
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw CicException.badRequest(name + " needs payload." + field + " (a non-empty string)");
        }
        String v = n.asText().strip();
        if (v.length() > maxLength) {
            throw CicException.badRequest(name + ": payload." + field + " is longer than " + maxLength
                                          + " characters");
        }
        return v;
    }

    /** An optional ISO 8601 date-time with offset ({@code 2026-11-24T09:30:00Z}). */
    public static Optional<Instant> optionalInstant(Event event, String field) {
        JsonNode n = event.payload().get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        try {
            if (!n.isTextual()) {
                throw new DateTimeParseException("not a string", n.toString(), 0);
            }
            return Optional.of(OffsetDateTime.parse(n.asText()).toInstant());
        } catch (DateTimeParseException e) {
            throw CicException.badRequest(event.header().qualifiedName() + ": payload." + field
                                          + " is not an ISO 8601 date-time with offset");
        }
    }

    /** An optional boolean field. */
    public static Optional<Boolean> optionalBoolean(Event event, String field) {
        JsonNode n = event.payload().get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isBoolean()) {
            throw CicException.badRequest(event.header().qualifiedName() + ": payload." + field
                                          + " must be true or false");
        }
        return Optional.of(n.asBoolean());
    }

    /** The id for log lines: at most 12 characters. */
    public static String shorten(String id) {
        return id.length() <= 12 ? id : id.substring(0, 12) + "…";
    }
}
