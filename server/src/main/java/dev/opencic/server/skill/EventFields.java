package dev.opencic.server.skill;

import dev.opencic.protocol.Event;
import dev.opencic.server.api.CicException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Checks the fields of a device event's typed payload, answering {@code 400} with {@code
 * System.Exception} (through {@link CicException#badRequest}) when one is missing or malformed.
 * Their JSON types are already checked by reading the payload's record.
 */
public final class EventFields {

    private EventFields() {}

    /** A non-blank string field of at most {@code maxLength} characters, stripped. */
    public static String requiredText(Event event, String field, String value, int maxLength) {
        String name = event.header().qualifiedName();
        if (value == null || value.isBlank()) {
            throw CicException.badRequest(name + " needs payload." + field + " (a non-empty string)");
        }
        String v = value.strip();
        if (v.length() > maxLength) {
            throw CicException.badRequest(name + ": payload." + field + " is longer than " + maxLength
                                          + " characters");
        }
        return v;
    }

    /** An optional ISO 8601 date-time with offset ({@code 2026-11-24T09:30:00Z}). */
    public static Optional<Instant> optionalInstant(Event event, String field, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            throw CicException.badRequest(event.header().qualifiedName() + ": payload." + field
                                          + " is not an ISO 8601 date-time with offset");
        }
    }

    /** The id for log lines: at most 12 characters. */
    public static String shorten(String id) {
        return id.length() <= 12 ? id : id.substring(0, 12) + "…";
    }
}
