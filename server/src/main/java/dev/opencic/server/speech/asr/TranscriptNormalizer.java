package dev.opencic.server.speech.asr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a raw PocketSphinx hypothesis into the text the intent matcher sees: lower case, single
 * spaces, fillers and noise markers ({@code <s>}, {@code <sil>}, {@code [noise]}, {@code ++um++})
 * and alternate-pronunciation suffixes ({@code word(2)}) removed, and {@code a.m.}, {@code a m.},
 * {@code a. m.} (the dictionary's and the general model's spellings) written {@code am}, likewise
 * {@code pm}.
 */
final class TranscriptNormalizer {

    private TranscriptNormalizer() {}

    static String normalize(String hyp) {
        if (hyp == null || hyp.isBlank()) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (String raw : hyp.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            String w = raw.replaceAll("\\(\\d+\\)$", "");
            if (w.isEmpty() || w.startsWith("<") || w.startsWith("[") || w.startsWith("++")) {
                continue;
            }
            if (w.equals("a.m.") || w.equals("a.m")) {
                w = "am";
            } else if (w.equals("p.m.") || w.equals("p.m")) {
                w = "pm";
            } else if ((w.equals("m.") || w.equals("m")) && !out.isEmpty()) {
                String prev = out.get(out.size() - 1);
                if (prev.equals("a") || prev.equals("a.") || prev.equals("p") || prev.equals("p.")) {
                    out.set(out.size() - 1, prev.charAt(0) + "m");
                    continue;
                }
            }
            out.add(w);
        }
        return String.join(" ", out);
    }
}
