package dev.opencic.protocol.payload;

/** The payloads of the {@code SpeechRecognizer} namespace (SpeechRecognizer.md). */
public final class SpeechRecognizer {
    private SpeechRecognizer() {}

    /**
     * Event {@code Recognize}: the user's speech follows as audio. Null fields are left out; {@code
     * explicit} and {@code speechId} are optional.
     */
    public record Recognize(String lang, String profileVersion, String format, Boolean explicit, String speechId)
            implements Payload {}

    /** Directive {@code ExpectSpeech}: open the microphone for a follow-up. */
    public record ExpectSpeech(String expectSpeechId, Long timeoutInMilliseconds, Boolean explicit) implements Payload {}

    /** Directive {@code StopCapture}: the server heard the end of the utterance. */
    public record StopCapture(String recognizedText) implements Payload {}
}
