package dev.opencic.protocol.payload;

/** The payloads of the {@code Clova} namespace this project sends (Clova.md). */
public final class Clova {
    private Clova() {}

    /** Directive {@code Hello}: the downchannel is open. No fields. */
    public record Hello() implements Payload {}

    /** Directive {@code RenderText}: text to show. */
    public record RenderText(String text) implements Payload {}
}
