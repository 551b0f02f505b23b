package dev.opencic.server.nlu;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Puts an utterance and a template into the same shape before matching: lower case, no punctuation
 * except apostrophes inside words and the colon of a clock time, single spaces.
 */
public final class TextNormalizer {
    private TextNormalizer() {}

    public static String normalize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'');
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean keep = Character.isLetterOrDigit(c)
                    || (c == '\'' && i > 0 && Character.isLetter(s.charAt(i - 1))
                        && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1)))
                    || (c == ':' && i > 0 && Character.isDigit(s.charAt(i - 1))
                        && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)));
            out.append(keep ? c : ' ');
        }
        return out.toString().trim().replaceAll("\\s+", " ");
    }
}
