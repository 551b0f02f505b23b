package dev.opencic.protocol.payload;

/** The payloads of the {@code TextRecognizer} namespace (TextRecognizer.md). */
public final class TextRecognizer {
    private TextRecognizer() {}

    /** Event {@code Recognize}: what the user typed. */
    public record Recognize(String text) implements Payload {}
}
