package dev.opencic.server.dialog;

import dev.opencic.server.nlu.Fillers;
import java.util.Set;

/**
 * Whether the words heard so far stop mid-phrase: the last word is one a request never ends with
 * (an article, a preposition, a conjunction, a possessive: "set a timer for", "remind me to"). A
 * pause there is the speaker thinking, not the end of the request, so the server answers it with
 * {@code SpeechRecognizer.KeepRecording} and goes on listening instead of stopping the capture.
 *
 * <p>Hesitations at the end ("remind me to huh") are ignored. Particles that also end requests ("turn it on", "volume up") are deliberately not in the list.
 */
final class MidPhrase {

    private static final Set<String> DANGLING = Set.of(
            "a", "an", "the",
            "for", "to", "at", "of", "about", "with", "from", "into", "until", "till", "by", "called", "named",
            "and", "or", "but", "than",
            "my", "your", "our", "their");

    private MidPhrase() {}

    /** True when {@code words} is non-blank and its last word leaves the phrase open. */
    static boolean endsOpen(String words) {
        // Hesitations go first: the recogniser often hears the pause itself as "huh" or "um".
        String trimmed = Fillers.strip(words);
        if (trimmed.isEmpty()) {
            return false;
        }
        String last = trimmed.substring(trimmed.lastIndexOf(' ') + 1).toLowerCase(java.util.Locale.ROOT);
        return DANGLING.contains(last);
    }
}
