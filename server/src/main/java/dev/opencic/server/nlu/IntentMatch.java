package dev.opencic.server.nlu;

import java.util.Map;

/**
 * The understood meaning of an utterance: the intent, its slots, how sure the matcher is (1.0 for a
 * template match, less for a near miss), and the template line that matched, for debugging.
 */
public record IntentMatch(String intent, Map<String, String> slots, double confidence, String template) {
    public IntentMatch {
        slots = Map.copyOf(slots);
    }

    public String slot(String name) {
        return slots.get(name);
    }
}
