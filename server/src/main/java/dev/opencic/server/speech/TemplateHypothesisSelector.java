package dev.opencic.server.speech;

import dev.opencic.server.nlu.IntentMatch;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.speech.asr.HypothesisSelector;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Prefers, among the recogniser's N-best texts, one the intent templates understand better. The
 * recogniser ranks them by acoustic and language-model score alone, and the interpolated language
 * model also knows general English: "stop the music again" can outscore "start the music again",
 * "three minute she" outscore "three minutes". Each candidate goes through
 * {@link IntentMatcher#match}; going down the list, a candidate replaces the current choice when its
 * match confidence is at least {@link #margin} higher and
 * <ul>
 *   <li>it has another intent (or the current choice has none), or</li>
 *   <li>it has the same intent and differs only in slots of closed vocabulary (times, durations:
 *       {@link IntentMatcher#closedVocabularySlot}), where a value with foreign words is misheard.</li>
 * </ul>
 * Candidates that differ in a free-text or name slot (a memo, a song) are left to the recogniser's
 * ranking: the matcher's confidence there says how much the words look like template words, not
 * whether they were said. One exception: a candidate understood word for word whose slot is the
 * current one without its first word, which the slot only took because the command word before it
 * was misheard. A best-scoring text understood word for word (confidence 1.0) is kept.
 */
public final class TemplateHypothesisSelector implements HypothesisSelector {

    /** Default confidence gain needed to pass over a better-scoring hypothesis. */
    public static final double DEFAULT_MARGIN = 0.1;

    private final IntentMatcher matcher;
    private final double margin;
    /** Texts something takes before the templates (an extension's "open NAME"): kept as the recogniser ranked them. */
    private final java.util.function.Predicate<String> claimed;

    public TemplateHypothesisSelector(IntentMatcher matcher) {
        this(matcher, DEFAULT_MARGIN);
    }

    public TemplateHypothesisSelector(IntentMatcher matcher, double margin) {
        this(matcher, margin, words -> false);
    }

    /** @param claimed words taken before the templates: such a best-scoring text is kept, such a candidate preferred */
    public TemplateHypothesisSelector(IntentMatcher matcher, java.util.function.Predicate<String> claimed) {
        this(matcher, DEFAULT_MARGIN, claimed);
    }

    private TemplateHypothesisSelector(IntentMatcher matcher, double margin,
                                       java.util.function.Predicate<String> claimed) {
        this.matcher = Objects.requireNonNull(matcher);
        this.margin = margin;
        this.claimed = Objects.requireNonNull(claimed);
    }

    @Override
    public int select(List<String> candidates) {
        if (claimed.test(candidates.get(0))) {
            return 0;
        }
        int chosen = 0;
        IntentMatch current = matcher.match(candidates.get(0)).orElse(null);
        if (current != null && current.confidence() >= 1.0) {
            return 0; // understood word for word: nothing can beat it
        }
        for (int i = 1; i < candidates.size(); i++) {
            Optional<IntentMatch> m = matcher.match(candidates.get(i));
            if (m.isPresent() && better(m.get(), current)) {
                chosen = i;
                current = m.get();
                if (current.confidence() >= 1.0) {
                    break;
                }
            }
        }
        return chosen;
    }

    /** A best-scoring text understood word for word is kept: no N-best search for it. */
    @Override
    public boolean wantsAlternatives(String best) {
        return !claimed.test(best) && matcher.match(best).map(m -> m.confidence() < 1.0).orElse(true);
    }

    private boolean better(IntentMatch candidate, IntentMatch current) {
        if (current == null) {
            return true;
        }
        if (candidate.confidence() < current.confidence() + margin) {
            return false;
        }
        if (!candidate.intent().equals(current.intent())) {
            return true;
        }
        Set<String> names = new HashSet<>(candidate.slots().keySet());
        names.addAll(current.slots().keySet());
        boolean differs = false;
        for (String name : names) {
            String theirs = candidate.slot(name);
            String ours = current.slot(name);
            if (!Objects.equals(theirs, ours)) {
                if (!matcher.closedVocabularySlot(name)
                        && !(candidate.confidence() >= 1.0 && misheardCommandWordTaken(ours, theirs))) {
                    return false;
                }
                differs = true;
            }
        }
        return differs;
    }

    /**
     * Whether {@code current} is {@code candidate} with one word in front: what a free-text slot
     * holds when the recogniser misheard the template word before it ("then piano lesson on friday"
     * from "add piano lesson on friday to my calendar") and the fuzzy match let the slot take the
     * stray word. Only a candidate the templates understand word for word may take it back.
     */
    private static boolean misheardCommandWordTaken(String current, String candidate) {
        if (current == null || candidate == null || candidate.isEmpty()) {
            return false;
        }
        int space = current.indexOf(' ');
        return space > 0 && current.substring(space + 1).equals(candidate);
    }
}
