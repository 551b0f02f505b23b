package dev.opencic.server.skill;

import dev.opencic.server.nlu.TextNormalizer;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recovers a free-text slot whole. The matcher may leave words out of a free-text slot when they
 * look like they belong elsewhere ("remind me to call mom yesterday at 5" read as reminder "at 5");
 * for subjects and titles every word the user said matters, so a skill can take the words that
 * follow the request's own lead words instead, when they contain what the matcher found.
 */
public final class FreeText {

    private FreeText() {}

    /**
     * Group 1 of {@code pattern} on the normalised utterance when it contains {@code slot} (or the
     * slot is empty), else {@code slot} unchanged.
     */
    public static String widen(String utterance, String slot, Pattern pattern) {
        if (utterance == null) {
            return slot;
        }
        Matcher m = pattern.matcher(TextNormalizer.normalize(utterance));
        if (!m.matches() || m.group(1) == null || m.group(1).isBlank()) {
            return slot;
        }
        String whole = m.group(1).strip();
        if (slot == null || (" " + whole + " ").contains(" " + TextNormalizer.normalize(slot) + " ")) {
            return whole;
        }
        return slot;
    }

    public static Optional<String> whole(String utterance, Pattern pattern) {
        return Optional.ofNullable(widen(utterance, null, pattern));
    }
}
