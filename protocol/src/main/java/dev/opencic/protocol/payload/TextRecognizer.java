package dev.opencic.protocol.payload;

/** The payloads of the {@code TextRecognizer} namespace (TextRecognizer.md). */
public final class TextRecognizer {
    private TextRecognizer() {}

    /**
     * Event {@code Recognize}: what the user typed. When it answers an {@code ExpectSpeech} (the 2018
     * reference), {@code speechId} is that directive's {@code expectSpeechId} and {@code explicit} its
     * {@code explicit}; both are otherwise null and left out.
     */
    public record Recognize(String text, String speechId, Boolean explicit) implements Payload {
        /** What the user typed, starting a new request. */
        public Recognize(String text) {
            this(text, null, null);
        }
    }
}
