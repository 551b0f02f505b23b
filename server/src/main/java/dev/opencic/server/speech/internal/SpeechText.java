package dev.opencic.server.speech.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Minimal text preparation for synthesis: clean-up and sentence splitting. */
public final class SpeechText {

    /** Sentences longer than this are split at commas (then at spaces) for earlier first audio. */
    public static final int LONG_SENTENCE = 160;
    /** A comma split is only taken once a piece is at least this long, to keep prosody natural. */
    private static final int MIN_PIECE = 40;
    /** With no comma at all, a piece is cut at a space once it is this long. */
    private static final int HARD_LIMIT = 320;

    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "st", "prof", "jr", "sr", "vs", "etc", "e.g", "i.e", "no", "mt");

    private SpeechText() {}

    /** Replaces control characters with spaces, collapses whitespace runs, trims. */
    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            boolean blank = Character.isWhitespace(cp) || Character.isISOControl(cp) || Character.isSpaceChar(cp)
                    || Character.getType(cp) == Character.FORMAT;
            if (blank) {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    /**
     * Splits normalised text at sentence ends ({@code . ! ? ;} followed by a space or the end, not
     * after a common abbreviation), then splits long sentences at commas.
     */
    public static List<String> sentences(String normalized) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = normalized.length();
        for (int i = 0; i < n; i++) {
            char c = normalized.charAt(i);
            if (c != '.' && c != '!' && c != '?' && c != ';') {
                continue;
            }
            int end = i + 1;
            // keep closing quotes/brackets and repeated punctuation with the sentence
            while (end < n && ".!?;\"')]”’".indexOf(normalized.charAt(end)) >= 0) {
                end++;
            }
            if (end < n && normalized.charAt(end) != ' ') {
                i = end - 1;
                continue; // "3.5", "example.com"
            }
            if (c == '.' && isAbbreviation(normalized, start, i)) {
                i = end - 1;
                continue;
            }
            addSplittingLong(out, normalized.substring(start, end).trim());
            start = end;
            i = end - 1;
        }
        if (start < n) {
            addSplittingLong(out, normalized.substring(start).trim());
        }
        out.removeIf(s -> s.isEmpty());
        return out;
    }

    private static boolean isAbbreviation(String text, int sentenceStart, int dot) {
        int w = dot;
        while (w > sentenceStart && text.charAt(w - 1) != ' ') {
            w--;
        }
        String word = text.substring(w, dot).toLowerCase(Locale.ROOT);
        return ABBREVIATIONS.contains(word) || (word.length() == 1 && Character.isLetter(word.charAt(0)));
    }

    private static void addSplittingLong(List<String> out, String sentence) {
        while (sentence.length() > LONG_SENTENCE) {
            // the last comma that keeps the piece within LONG_SENTENCE, else the first one after it
            int cut = -1;
            int limit = Math.min(sentence.length() - MIN_PIECE / 2, HARD_LIMIT);
            for (int i = MIN_PIECE; i < limit; i++) {
                if (sentence.charAt(i) == ',' && sentence.charAt(i + 1) == ' ') {
                    if (i < LONG_SENTENCE || cut < 0) {
                        cut = i + 1;
                    }
                    if (i >= LONG_SENTENCE) {
                        break;
                    }
                }
            }
            if (cut < 0 && sentence.length() > HARD_LIMIT) {
                cut = sentence.lastIndexOf(' ', HARD_LIMIT);
            }
            if (cut <= 0) {
                break;
            }
            out.add(sentence.substring(0, cut).trim());
            sentence = sentence.substring(cut).trim();
        }
        out.add(sentence);
    }
}
