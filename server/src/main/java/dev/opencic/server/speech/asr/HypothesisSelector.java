package dev.opencic.server.speech.asr;

import java.util.List;

/**
 * Chooses the final transcript among the recogniser's best hypotheses. The acoustic and language
 * model scores rank them; a selector adds what the recogniser cannot know, such as which sentences
 * the intent templates understand (see {@code dev.opencic.server.speech.TemplateHypothesisSelector}).
 */
@FunctionalInterface
public interface HypothesisSelector {

    /**
     * @param candidates distinct normalised hypotheses, best-scoring first (at least one)
     * @return the index of the one to use; anything out of range means the first
     */
    int select(List<String> candidates);

    /**
     * Whether to look for other hypotheses at all when the best-scoring one is {@code best}: the
     * N-best search costs time, so a selector that would keep {@code best} anyway says no here.
     */
    default boolean wantsAlternatives(String best) {
        return true;
    }
}
