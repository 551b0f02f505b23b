package dev.opencic.protocol.payload;

/** The payloads of the {@code SpeechSynthesizer} namespace (SpeechSynthesizer.md). */
public final class SpeechSynthesizer {
    private SpeechSynthesizer() {}

    /** Directive {@code Speak}: speech to play; {@code url} is a {@code cid:} reference to its attachment. */
    public record Speak(String format, String token, String url) implements Payload {}

    /** Event {@code SpeechStarted}. */
    public record SpeechStarted(String token) implements Payload {}

    /** Event {@code SpeechFinished}. */
    public record SpeechFinished(String token) implements Payload {}

    /** Event {@code SpeechStopped}. */
    public record SpeechStopped(String token) implements Payload {}
}
