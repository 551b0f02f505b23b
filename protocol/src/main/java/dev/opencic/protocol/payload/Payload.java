package dev.opencic.protocol.payload;

/**
 * The payload of a directive or event as a typed, immutable value: one of the records of this
 * package that {@link Payloads} maps a namespace and name to, or {@link RawPayload} for a message
 * it does not know.
 */
public interface Payload {}
