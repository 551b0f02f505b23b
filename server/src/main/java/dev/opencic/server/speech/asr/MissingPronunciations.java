package dev.opencic.server.speech.asr;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The words the decoders must know beyond the dictionary, with their phones: a given pronunciation
 * as it is, else flite's letter-to-sound rules ({@link FliteLetterToSound}) for a word the
 * dictionary lacks. flite is only loaded when some word needs it.
 */
final class MissingPronunciations {

    /** Logged under the engine's name, as these lines always were. */
    private static final Logger log = LoggerFactory.getLogger(PocketSphinxEngine.class);

    private MissingPronunciations() {}

    /**
     * Word → phones for every word of {@code wanted} missing from {@code known} (pronounced by flite;
     * a word flite cannot pronounce is logged and left out) and every word of {@code given}.
     */
    static Map<String, String> of(Collection<String> wanted, Set<String> known, Map<String, String> given) {
        Map<String, String> added = new TreeMap<>();
        FliteLetterToSound lts = null;
        for (String w : wanted) {
            if (known.contains(w) || given.containsKey(w)) {
                continue;
            }
            if (lts == null) {
                lts = FliteLetterToSound.load();
                if (!lts.isAvailable()) {
                    log.warn("cannot add pronunciations for words missing from the dictionary: {}", lts.failure());
                }
            }
            lts.pronounce(w).ifPresentOrElse(p -> added.put(w, p),
                    () -> log.warn("no pronunciation for '{}': it will not be recognised", w));
        }
        added.putAll(given);
        return added;
    }
}
