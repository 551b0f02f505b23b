package dev.opencic.server.speech.asr;

/**
 * What one {@link RecognitionSession#feed} call changed.
 *
 * @param partialText the new partial hypothesis (normalised like the final text), or {@code null}
 *     when it did not change with this chunk
 * @param speechStarted true on the one chunk where speech was first detected
 * @param endOfSpeech true on the one chunk where the voice-activity detector saw the speaker stop
 *     after real speech: time to stop capturing
 * @param audioMillis audio fed so far in this session, in milliseconds
 */
public record RecognitionUpdate(String partialText, boolean speechStarted, boolean endOfSpeech, long audioMillis) {

    /** Whether {@link #partialText()} carries a new hypothesis. */
    public boolean hasPartial() {
        return partialText != null;
    }
}
