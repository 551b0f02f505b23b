package dev.opencic.server.speech.asr;

/**
 * The final result of one utterance.
 *
 * @param text the recognised words, normalised: lower case, single spaces, no fillers or noise
 *     markers, {@code a.m.}/{@code p.m.} written {@code am}/{@code pm}; empty when nothing was
 *     recognised or no speech was detected
 * @param confidence in [0, 1]; 0 when the text is empty (see the engine for how it is computed)
 * @param audioMillis audio fed in this session, in milliseconds
 * @param speechDetected whether the voice-activity detector saw any real speech (false for silence
 *     and steady noise: then {@code text} is empty)
 * @param processingNanos time spent decoding (feeding and finishing) in this session
 * @param alternatives the distinct normalised hypotheses the engine considered, best-scoring first
 *     ({@code text} is one of them, not necessarily the first: see {@link HypothesisSelector});
 *     empty when {@code text} is empty
 */
public record RecognitionResult(String text, double confidence, long audioMillis, boolean speechDetected,
        long processingNanos, java.util.List<String> alternatives) {

    public RecognitionResult {
        alternatives = java.util.List.copyOf(alternatives);
    }

    /** A result with no other hypothesis than {@code text}. */
    public RecognitionResult(String text, double confidence, long audioMillis, boolean speechDetected,
            long processingNanos) {
        this(text, confidence, audioMillis, speechDetected, processingNanos,
                text.isEmpty() ? java.util.List.of() : java.util.List.of(text));
    }

    /** Decoding time divided by audio duration; 0 for no audio. */
    public double realTimeFactor() {
        return audioMillis == 0 ? 0 : processingNanos / 1e6 / audioMillis;
    }
}
