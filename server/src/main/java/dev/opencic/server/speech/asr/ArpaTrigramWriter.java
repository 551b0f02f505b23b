package dev.opencic.server.speech.asr;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Trains a word trigram language model on a list of sentences and writes it in ARPA format, the
 * text format {@code ngram_model_read} reads.
 *
 * <p><b>Smoothing.</b> Interpolated Witten-Bell: for a history {@code h} seen {@code c(h)} times
 * followed by {@code T(h)} distinct words,
 * {@code P(w|h) = (c(hw) + T(h) P(w|h')) / (c(h) + T(h))}, where {@code h'} drops the oldest word,
 * and unigrams interpolate with a uniform distribution over the vocabulary in the same way. Every
 * seen n-gram is written with its interpolated probability; the mass left for unseen words after
 * {@code h} is {@code T(h) / (c(h) + T(h))} times the lower-order mass not already spent on seen
 * words, so the ARPA backoff weight of {@code h} is exactly {@code T(h) / (c(h) + T(h))} and every
 * conditional distribution sums to one. {@code <s>} gets the conventional unigram log probability
 * -99 (it is never predicted).
 *
 * <p><b>Words.</b> Sentences are split by {@link #tokenize(String)}: lower case; punctuation dropped
 * except apostrophes inside words; {@code am}/{@code pm} after a number become {@code a.m.}/
 * {@code p.m.}, the dictionary's spelling; numbers from 0 to 9999 are spelled out.
 */
public final class ArpaTrigramWriter {

    static final String BOS = "<s>";
    static final String EOS = "</s>";

    private final Map<String, Long> unigrams = new HashMap<>();
    /** history (one or two words joined by a space) → next word → count. */
    private final Map<String, Map<String, Long>> successors = new HashMap<>();
    private long sentences;

    /** Counts the n-grams of one sentence; blank sentences are ignored. */
    public ArpaTrigramWriter add(String sentence) {
        List<String> words = tokenize(sentence);
        if (words.isEmpty()) {
            return this;
        }
        sentences++;
        List<String> seq = new ArrayList<>(words.size() + 2);
        seq.add(BOS);
        seq.addAll(words);
        seq.add(EOS);
        for (int i = 1; i < seq.size(); i++) {
            String w = seq.get(i);
            unigrams.merge(w, 1L, Long::sum);
            successors.computeIfAbsent(seq.get(i - 1), k -> new HashMap<>()).merge(w, 1L, Long::sum);
            if (i >= 2) {
                successors.computeIfAbsent(seq.get(i - 2) + ' ' + seq.get(i - 1), k -> new HashMap<>())
                        .merge(w, 1L, Long::sum);
            }
        }
        return this;
    }

    public ArpaTrigramWriter addAll(Iterable<String> sentences) {
        for (String s : sentences) {
            add(s);
        }
        return this;
    }

    /** Sentences counted so far. */
    public long sentenceCount() {
        return sentences;
    }

    /** Every word seen (without {@code <s>} and {@code </s>}), sorted. */
    public List<String> vocabulary() {
        TreeSet<String> v = new TreeSet<>(unigrams.keySet());
        v.remove(EOS);
        return List.copyOf(v);
    }

    /** Writes the model to {@code file}. */
    public void write(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(w);
        }
    }

    /** Writes the model. */
    public void write(Writer out) throws IOException {
        if (sentences == 0) {
            throw new IllegalStateException("no sentences: nothing to train on");
        }
        // unigrams: Witten-Bell interpolated with a uniform distribution over the vocabulary
        TreeMap<String, Double> p1 = new TreeMap<>();
        long n = 0;
        for (long c : unigrams.values()) {
            n += c;
        }
        int types = unigrams.size(); // words + </s>
        double uniform = 1.0 / types;
        for (Map.Entry<String, Long> e : unigrams.entrySet()) {
            p1.put(e.getKey(), (e.getValue() + types * uniform) / (n + types));
        }
        // bigrams: history = one word
        TreeMap<String, Double> p2 = new TreeMap<>();
        TreeMap<String, Double> bow1 = new TreeMap<>();
        // trigrams: history = two words
        TreeMap<String, Double> p3 = new TreeMap<>();
        TreeMap<String, Double> bow2 = new TreeMap<>();
        for (Map.Entry<String, Map<String, Long>> e : successors.entrySet()) {
            String h = e.getKey();
            if (h.indexOf(' ') >= 0) {
                continue;
            }
            Map<String, Long> next = e.getValue();
            long ch = sum(next);
            int th = next.size();
            for (Map.Entry<String, Long> x : next.entrySet()) {
                double lower = p1.get(x.getKey());
                p2.put(h + ' ' + x.getKey(), (x.getValue() + th * lower) / (ch + th));
            }
            bow1.put(h, (double) th / (ch + th));
        }
        for (Map.Entry<String, Map<String, Long>> e : successors.entrySet()) {
            String h = e.getKey();
            int sp = h.indexOf(' ');
            if (sp < 0) {
                continue;
            }
            String shorter = h.substring(sp + 1);
            Map<String, Long> next = e.getValue();
            long ch = sum(next);
            int th = next.size();
            for (Map.Entry<String, Long> x : next.entrySet()) {
                double lower = p2.get(shorter + ' ' + x.getKey());
                p3.put(h + ' ' + x.getKey(), (x.getValue() + th * lower) / (ch + th));
            }
            bow2.put(h, (double) th / (ch + th));
        }

        out.write("\\data\\\n");
        out.write("ngram 1=" + (p1.size() + 1) + "\n");
        out.write("ngram 2=" + p2.size() + "\n");
        out.write("ngram 3=" + p3.size() + "\n\n");
        out.write("\\1-grams:\n");
        TreeMap<String, Double> all1 = new TreeMap<>(p1);
        all1.put(BOS, null);
        for (Map.Entry<String, Double> e : all1.entrySet()) {
            String prob = e.getValue() == null ? "-99" : log10(e.getValue());
            Double bow = bow1.get(e.getKey());
            out.write(prob + "\t" + e.getKey() + (bow == null ? "" : "\t" + log10(bow)) + "\n");
        }
        out.write("\n\\2-grams:\n");
        for (Map.Entry<String, Double> e : p2.entrySet()) {
            Double bow = bow2.get(e.getKey());
            out.write(log10(e.getValue()) + "\t" + e.getKey() + (bow == null ? "" : "\t" + log10(bow)) + "\n");
        }
        out.write("\n\\3-grams:\n");
        for (Map.Entry<String, Double> e : p3.entrySet()) {
            out.write(log10(e.getValue()) + "\t" + e.getKey() + "\n");
        }
        out.write("\n\\end\\\n");
        out.flush();
    }

    private static long sum(Map<String, Long> m) {
        long s = 0;
        for (long v : m.values()) {
            s += v;
        }
        return s;
    }

    private static String log10(double p) {
        return String.format(Locale.ROOT, "%.6f", Math.log10(p));
    }

    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
        "seventeen", "eighteen", "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety"};

    /**
     * Splits a sentence into dictionary-style words: lower case, punctuation dropped except
     * apostrophes inside words, numbers 0–9999 spelled out, {@code am}/{@code pm} (also written
     * {@code a.m.}) after a number spelled {@code a.m.}/{@code p.m.}.
     */
    public static List<String> tokenize(String sentence) {
        List<String> out = new ArrayList<>();
        if (sentence == null) {
            return out;
        }
        String s = sentence.toLowerCase(Locale.ROOT)
                .replaceAll("\\b([ap])\\.\\s?m\\.?", "$1m")
                .replaceAll("(\\d)([ap]m)\\b", "$1 $2")
                .replaceAll("[^a-z0-9'\\s]", " ");
        boolean afterNumber = false;
        for (String raw : s.trim().split("\\s+")) {
            String w = raw.replaceAll("^'+|'+$", "");
            if (w.isEmpty()) {
                continue;
            }
            if (w.matches("\\d{1,3}(st|nd|rd|th)")) {
                // "3rd", "21st": the dictionary has ordinals as words only
                out.addAll(Arrays.asList(ordinal(Integer.parseInt(w.substring(0, w.length() - 2))).split(" ")));
                afterNumber = false;
                continue;
            }
            if (w.chars().allMatch(Character::isDigit)) {
                if (w.length() <= 4) {
                    out.addAll(Arrays.asList(spell(Integer.parseInt(w)).split(" ")));
                } else {
                    for (char ch : w.toCharArray()) {
                        out.add(ONES[ch - '0']);
                    }
                }
                afterNumber = true;
                continue;
            }
            if (afterNumber && (w.equals("am") || w.equals("pm"))) {
                out.add(w.charAt(0) + ".m.");
            } else {
                out.add(w);
            }
            afterNumber = isNumberWord(w);
        }
        return out;
    }

    private static boolean isNumberWord(String w) {
        for (String o : ONES) {
            if (o.equals(w)) {
                return true;
            }
        }
        for (String t : TENS) {
            if (!t.isEmpty() && t.equals(w)) {
                return true;
            }
        }
        return w.equals("o'clock") || w.equals("hundred") || w.equals("thousand");
    }

    private static final Map<String, String> ORDINAL_ENDINGS = Map.of("one", "first", "two", "second",
            "three", "third", "five", "fifth", "eight", "eighth", "nine", "ninth", "twelve", "twelfth");

    /** 3 → "third", 21 → "twenty first", 40 → "fortieth". */
    static String ordinal(int n) {
        String cardinal = spell(n);
        int sp = cardinal.lastIndexOf(' ');
        String head = cardinal.substring(0, sp + 1), last = cardinal.substring(sp + 1);
        String ord = ORDINAL_ENDINGS.get(last);
        if (ord == null) {
            ord = last.endsWith("y") ? last.substring(0, last.length() - 1) + "ieth" : last + "th";
        }
        return head + ord;
    }

    static String spell(int n) {
        if (n < 20) {
            return ONES[n];
        }
        if (n < 100) {
            return TENS[n / 10] + (n % 10 == 0 ? "" : " " + ONES[n % 10]);
        }
        if (n < 1000) {
            return ONES[n / 100] + " hundred" + (n % 100 == 0 ? "" : " " + spell(n % 100));
        }
        return spell(n / 1000) + " thousand" + (n % 1000 == 0 ? "" : " " + spell(n % 1000));
    }
}
