package dev.opencic.server.nlu;

import java.util.Set;

/**
 * Hesitations and fillers ("um", "uh", "you know"): what is left of dictated content without them
 * is what the user meant to say; nothing left means nothing was said ("note that um uh" is not a memo).
 */
public final class Fillers {

    private Fillers() {}

    private static final Set<String> WORDS = Set.of("um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "eh", "hmm",
            "hm", "mm", "mmm", "mhm", "huh", "oh", "like", "well", "so", "okay", "ok", "yeah", "right", "and", "the",
            "a", "that", "then", "just", "wait", "sorry", "anyway", "actually", "basically");
    private static final String[] PHRASES = {"you know", "i mean", "let me think", "let me see", "hang on",
            "hold on", "uh huh", "mm hmm", "what was i going to say", "never mind"};

    /** The words without fillers, normalised; empty when there was nothing but fillers. */
    public static String strip(String text) {
        if (text == null) {
            return "";
        }
        String s = " " + TextNormalizer.normalize(text) + " ";
        for (String p : PHRASES) {
            s = s.replace(" " + p + " ", " ");
        }
        StringBuilder out = new StringBuilder();
        boolean content = false;
        for (String w : s.strip().split(" ")) {
            if (w.isEmpty()) {
                continue;
            }
            boolean filler = WORDS.contains(w);
            content |= !filler;
            // Function words stay inside real content ("call the plumber"); only pure fillers go.
            if (!filler || !isHesitation(w) && content) {
                out.append(out.isEmpty() ? "" : " ").append(w);
            }
        }
        return content ? out.toString() : "";
    }

    /** Words that carry no content on their own ("note the um of" says nothing). */
    private static final Set<String> FUNCTION_WORDS = Set.of("of", "to", "in", "on", "at", "for", "with", "by", "or",
            "but", "is", "it", "this", "an", "be", "was", "my", "me", "i", "you", "uh", "um", "some", "thing", "him", "her",
            "them", "us", "again", "above", "below", "there", "here", "what", "all");

    /** Whether the text has nothing in it but fillers and function words. */
    public static boolean onlyFillers(String text) {
        return contentWords(text) == 0;
    }

    /** How many words of the text are neither fillers nor function words. */
    public static int contentWords(String text) {
        int n = 0;
        for (String w : strip(text).split(" ")) {
            if (!w.isEmpty() && !FUNCTION_WORDS.contains(w) && !WORDS.contains(w)) {
                n++;
            }
        }
        return n;
    }

    private static boolean isHesitation(String w) {
        return switch (w) {
            case "um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "eh", "hmm", "hm", "mm", "mmm", "mhm", "huh" -> true;
            default -> false;
        };
    }
}
