package dev.opencic.server.speech.asr;

import com.sun.jna.Pointer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Chooses the words the decoders search: the general language model's most probable words plus every
 * word the domain sentences use, written out as a dictionary in the CMU format.
 *
 * <p>Why not the whole dictionary: PocketSphinx builds its search tree from every dictionary word the
 * language model knows, about 72,000 with the en-us model, and most of them are rare words that only
 * compete with what people say to an assistant. Keeping the 30,000 most probable (plus the domain's
 * own words, however rare) took ~25 % of the CPU per audio second and ~40 MB of native memory per
 * decoder away, with the same or better accuracy on the spoken corpus; 20,000 began to lose city
 * names such as "osaka" (docs/benchmarks-asr.md).
 */
final class SearchVocabulary {

    private SearchVocabulary() {}

    /**
     * The {@code count} words of {@code lm} with the highest unigram probability, most probable first,
     * without sentence markers and the unknown word.
     */
    static List<String> mostProbableWords(SphinxBaseLibrary sb, Path lm, int count) {
        Pointer logmath = sb.logmath_init(1.0001, 0, 0);
        if (logmath == null) {
            throw new IllegalStateException("logmath_init failed");
        }
        try {
            Pointer model = sb.ngram_model_read(null, lm.toString(), SphinxBaseLibrary.NGRAM_AUTO, logmath);
            if (model == null) {
                throw new IllegalStateException("could not read the language model " + lm);
            }
            try {
                int unigrams = sb.ngram_model_get_counts(model).getInt(0);
                record Scored(String word, int score) {}
                // a min-heap of the best `count` so far: the weakest is the one to drop
                PriorityQueue<Scored> best = new PriorityQueue<>(Comparator.comparingInt(Scored::score));
                int[] used = new int[1];
                for (int wid = 0; wid < unigrams; wid++) {
                    String w = sb.ngram_word(model, wid);
                    if (w == null || w.isEmpty() || w.charAt(0) == '<') {
                        continue; // <s>, </s>, <UNK>
                    }
                    best.add(new Scored(w, sb.ngram_ng_score(model, wid, null, 0, used)));
                    if (best.size() > count) {
                        best.poll();
                    }
                }
                List<String> words = new ArrayList<>(best.size());
                while (!best.isEmpty()) {
                    words.add(best.poll().word());
                }
                java.util.Collections.reverse(words);
                return words;
            } finally {
                sb.ngram_model_free(model);
            }
        } finally {
            sb.logmath_free(logmath);
        }
    }

    /** Words of a CMU-format dictionary ({@code word(2)} counts as {@code word}). */
    static Set<String> readDictionaryWords(Path dict) throws IOException {
        Set<String> words = new HashSet<>(200_000);
        for (String line : Files.readAllLines(dict, StandardCharsets.UTF_8)) {
            String w = entryWord(line);
            if (w != null) {
                words.add(w);
            }
        }
        return words;
    }

    /**
     * Writes the entries of {@code dictionary} whose word (alternates {@code word(2)} included) is in
     * {@code keep} to {@code out}; returns how many entries were written.
     */
    static int writeDictionary(Path dictionary, Set<String> keep, Path out) throws IOException {
        int written = 0;
        try (Stream<String> lines = Files.lines(dictionary, StandardCharsets.UTF_8);
             BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                String word = entryWord(line);
                if (word != null && keep.contains(word)) {
                    w.write(line);
                    w.newLine();
                    written++;
                }
            }
        }
        return written;
    }

    /** The word a CMU dictionary line spells ({@code read(2) R IY D} → {@code read}), or null for no entry. */
    static String entryWord(String line) {
        int space = line.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        int paren = line.indexOf('(');
        return line.substring(0, paren > 0 && paren < space ? paren : space);
    }
}
