package dev.opencic.protocol.payload;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

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
    @JsonPropertyOrder({"timeoutInMilliseconds", "expectSpeechId", "explicit"})
    public record ExpectSpeech(String expectSpeechId, Long timeoutInMilliseconds, Boolean explicit) implements Payload {}

    /**
     * Event {@code ExpectSpeechTimedOut} (2017 reference): the device listened for the follow-up an
     * {@code ExpectSpeech} asked for, under that directive's dialogRequestId, and heard nothing.
     */
    public record ExpectSpeechTimedOut() implements Payload {}

    /** Directive {@code StopCapture}: the server heard the end of the utterance. */
    public record StopCapture(String recognizedText) implements Payload {}

    /**
     * Directive {@code KeepRecording} (no fields): the server is still recognising and needs more
     * audio (the speaker paused mid-phrase): keep the microphone open and restart any capture timeout.
     */
    public record KeepRecording() implements Payload {}

    /** Directive {@code ShowRecognizedText}: what the server has heard so far, while the user speaks. */
    public record ShowRecognizedText(String text) implements Payload {}
}
