package dev.opencic.protocol.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The payloads of the {@code SpeechSynthesizer} namespace (SpeechSynthesizer.md). */
public final class SpeechSynthesizer {
    private SpeechSynthesizer() {}

    /**
     * Directive {@code Speak}: speech to play; {@code url} is a {@code cid:} reference to its
     * attachment. {@code ttsLang}, {@code ttsText} and {@code x-clova-pause-before} are what Clova's
     * own service adds; null fields are left out.
     */
    public record Speak(String format, String token, String ttsLang, String ttsText, String url,
                        @JsonProperty("x-clova-pause-before") Integer pauseBefore) implements Payload {

        public Speak(String format, String token, String url) {
            this(format, token, null, null, url, null);
        }
    }

    /** Event {@code Request}: the device asks for {@code text} spoken in {@code lang}. */
    public record Request(String text, String lang) implements Payload {}

    /** Event {@code SpeechStarted}. */
    public record SpeechStarted(String token) implements Payload {}

    /** Event {@code SpeechFinished}. */
    public record SpeechFinished(String token) implements Payload {}

    /** Event {@code SpeechStopped}. */
    public record SpeechStopped(String token) implements Payload {}
}
