package dev.opencic.server.nlu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts words into the form the fuzzy matcher compares: contractions spelt out ("what's" → "what
 * is"), a few spoken variants and synonyms folded together ("hiya" → "hello", "gonna" → "going
 * to"), number words as digits ("seven" → "7") and light suffix stripping ("alarms" → "alarm",
 * "playing" → "play"). A word said twice in a row ("hello hello", a recogniser's "the the") counts
 * once. Templates and utterances go through the same function, so a wrong stem costs
 * nothing as long as both sides agree.
 */
final class Lexicon {

    private Lexicon() {}

    /** Spelt-out forms of contractions and run-together words, after {@link TextNormalizer}. */
    private static final Map<String, String> EXPANSIONS = Map.ofEntries(
            Map.entry("what's", "what is"), Map.entry("whats", "what is"),
            Map.entry("how's", "how is"), Map.entry("hows", "how is"),
            Map.entry("where's", "where is"), Map.entry("who's", "who is"),
            Map.entry("when's", "when is"), Map.entry("which's", "which is"),
            Map.entry("it's", "it is"), Map.entry("that's", "that is"), Map.entry("thats", "that is"),
            Map.entry("there's", "there is"), Map.entry("here's", "here is"),
            Map.entry("what're", "what are"), Map.entry("you're", "you are"), Map.entry("we're", "we are"),
            Map.entry("they're", "they are"), Map.entry("i'm", "i am"), Map.entry("im", "i am"),
            Map.entry("i've", "i have"), Map.entry("you've", "you have"), Map.entry("we've", "we have"),
            Map.entry("i'd", "i would"), Map.entry("you'd", "you would"), Map.entry("we'd", "we would"),
            Map.entry("i'll", "i will"), Map.entry("you'll", "you will"), Map.entry("we'll", "we will"),
            Map.entry("it'll", "it will"), Map.entry("let's", "let us"), Map.entry("lets", "let us"),
            Map.entry("don't", "do not"), Map.entry("dont", "do not"), Map.entry("doesn't", "does not"),
            Map.entry("didn't", "did not"), Map.entry("can't", "can not"), Map.entry("cant", "can not"),
            Map.entry("cannot", "can not"), Map.entry("won't", "will not"), Map.entry("wont", "will not"),
            Map.entry("isn't", "is not"), Map.entry("aren't", "are not"), Map.entry("wasn't", "was not"),
            Map.entry("shouldn't", "should not"), Map.entry("wouldn't", "would not"),
            Map.entry("couldn't", "could not"), Map.entry("haven't", "have not"),
            Map.entry("gonna", "going to"), Map.entry("wanna", "want to"), Map.entry("gotta", "got to"),
            Map.entry("o'clock", "oclock"), Map.entry("okay", "ok"));

    /**
     * Words folded into one form because people use them interchangeably in requests to an
     * assistant. Kept short on purpose: each entry may make two intents look more alike.
     */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("hi", "hello"), Map.entry("hiya", "hello"), Map.entry("hey", "hello"),
            Map.entry("howdy", "hello"), Map.entry("yo", "hello"), Map.entry("greeting", "hello"),
            Map.entry("give", "tell"), Map.entry("show", "tell"), Map.entry("say", "tell"),
            Map.entry("currently", "now"), Map.entry("presently", "now"),
            Map.entry("erase", "delete"), Map.entry("remove", "delete"),
            Map.entry("begin", "start"), Map.entry("launch", "start"),
            Map.entry("tune", "song"), Map.entry("track", "song"),
            Map.entry("increase", "raise"), Map.entry("decrease", "lower"), Map.entry("reduce", "lower"),
            Map.entry("halt", "pause"));

    /** Number words folded to digits, so "seven day" and "7 day" are one phrase. */
    private static final Map<String, String> NUMBERS = Map.ofEntries(
            Map.entry("zero", "0"), Map.entry("one", "1"), Map.entry("two", "2"), Map.entry("three", "3"),
            Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"),
            Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"), Map.entry("eleven", "11"),
            Map.entry("twelve", "12"), Map.entry("fifteen", "15"), Map.entry("twenty", "20"),
            Map.entry("thirty", "30"), Map.entry("forty", "40"), Map.entry("fifty", "50"));

    /**
     * Words that carry next to no meaning in a request: leaving one out or adding one costs little.
     * In folded form.
     */
    static final Set<String> FILLER_WORDS = Set.of(
            "a", "an", "the", "please", "um", "uh", "oh", "well", "so", "ok", "just", "clova", "assistant",
            "thank", "thanks", "really", "actually", "now", "right");

    /**
     * Words that hold a sentence together rather than say what it is about: however few intents
     * use one, it never weighs much.
     */
    static final Set<String> FUNCTION_WORDS = Set.of(
            "i", "me", "my", "you", "your", "it", "is", "are", "am", "be", "do", "does", "can", "could", "would",
            "will", "to", "for", "of", "on", "in", "at", "by", "with", "from", "this", "that", "and", "or", "some",
            "any", "all", "what", "how", "when", "which", "where", "who", "why", "there", "up", "out", "have", "get", "got", "let", "us", "we");

    /** Words that turn a request around: never cheap to leave out or to add. */
    static final Set<String> NEGATIONS = Set.of("not", "never", "no");

    /** Words that a free-text slot should not begin or end with: they belong to the sentence. */
    static final Set<String> SLOT_EDGE_WORDS = Set.of(
            "please", "me", "for", "now", "thanks", "thank", "you", "clova", "to", "on", "so", "just", "and",
            "again", "right");

    private static final List<List<String>> COURTESY_OPENINGS = List.of(
            List.of("hey", "clova"), List.of("ok", "clova"), List.of("okay", "clova"), List.of("clova"),
            List.of("so"), List.of("um"),
            List.of("can", "you"), List.of("could", "you"), List.of("would", "you"), List.of("will", "you"),
            List.of("please"));
    private static final List<List<String>> COURTESY_CLOSINGS = List.of(
            List.of("for", "me", "please"), List.of("for", "me"), List.of("please"), List.of("thanks"),
            List.of("thank", "you"), List.of("clova"));

    /**
     * Where the request proper begins and ends, as word indexes [from, to): outside it are the
     * courtesies around a request ("hey clova could you", "for me please"), which say nothing about
     * what is asked. Never empties the sentence.
     */
    static int[] courtesy(String[] words) {
        int from = 0;
        int to = words.length;
        boolean more = true;
        while (more) {
            more = false;
            for (List<String> p : COURTESY_OPENINGS) {
                if (to - from > p.size() && startsWith(words, from, p)) {
                    from += p.size();
                    more = true;
                    break;
                }
            }
        }
        more = true;
        while (more) {
            more = false;
            for (List<String> p : COURTESY_CLOSINGS) {
                if (to - from > p.size() && startsWith(words, to - p.size(), p)) {
                    to -= p.size();
                    more = true;
                    break;
                }
            }
        }
        return new int[] {from, to};
    }

    private static boolean startsWith(String[] words, int at, List<String> phrase) {
        for (int k = 0; k < phrase.size(); k++) {
            if (!words[at + k].equals(phrase.get(k))) {
                return false;
            }
        }
        return true;
    }

    /** The folded forms of one word, most often one; a contraction gives two. */
    static List<String> fold(String word) {
        String expanded = EXPANSIONS.get(word);
        if (expanded != null) {
            List<String> out = new ArrayList<>(2);
            for (String w : expanded.split(" ")) {
                out.add(foldOne(w));
            }
            return out;
        }
        return List.of(foldOne(word));
    }

    private static final Map<String, String> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private static String foldOne(String word) {
        String cached = CACHE.get(word);
        if (cached != null) {
            return cached;
        }
        String w = word;
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        }
        w = w.replace("'", "");
        String n = NUMBERS.get(w);
        if (n != null) {
            w = n;
        } else {
            w = SYNONYMS.getOrDefault(w, w);
            w = stem(w);
            w = SYNONYMS.getOrDefault(w, w);
        }
        if (CACHE.size() < 50_000) {
            CACHE.put(word, w);
        }
        return w;
    }

    /** A light suffix stripper: plural s and -ing (not -ed: commands are rarely in the past); enough to make "alarms" and "alarm" meet. */
    static String stem(String w) {
        if (w.length() <= 3 || !w.chars().allMatch(Character::isLetter)) {
            return w;
        }
        if (w.endsWith("ies") && w.length() > 4) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.endsWith("ing") && w.length() > 5 && hasVowel(w, w.length() - 3)) {
            return undouble(w.substring(0, w.length() - 3));
        }
        if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static boolean hasVowel(String w, int end) {
        for (int i = 0; i < end; i++) {
            if ("aeiouy".indexOf(w.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String undouble(String w) {
        int n = w.length();
        if (n >= 3 && w.charAt(n - 1) == w.charAt(n - 2) && "lsz".indexOf(w.charAt(n - 1)) < 0) {
            return w.substring(0, n - 1);
        }
        return w;
    }

    /** Utterance words folded, each folded token remembering which original word it came from. */
    record Folded(String[] tokens, int[] origin, String[] words) {
        static Folded of(String normalized) {
            String[] words = normalized.isEmpty() ? new String[0] : normalized.split(" ");
            List<String> tokens = new ArrayList<>(words.length + 2);
            List<Integer> origin = new ArrayList<>(words.length + 2);
            List<String> kept = new ArrayList<>(words.length);
            for (String w : words) {
                if (kept.isEmpty() || !kept.get(kept.size() - 1).equals(w)) {
                    kept.add(w);
                }
            }
            words = kept.toArray(String[]::new);
            for (int i = 0; i < words.length; i++) {
                for (String t : fold(words[i])) {
                    tokens.add(t);
                    origin.add(i);
                }
            }
            return new Folded(tokens.toArray(String[]::new), origin.stream().mapToInt(Integer::intValue).toArray(),
                    words);
        }

        int size() {
            return tokens.length;
        }

        /** True if a slot may start at token i (the start of an original word). */
        boolean wordStart(int i) {
            return i == 0 || i == tokens.length || origin[i] != origin[i - 1];
        }

        /** The original words covered by tokens [from, to). */
        String text(int from, int to) {
            return String.join(" ", java.util.Arrays.asList(words).subList(origin[from], origin[to - 1] + 1));
        }

        int wordCount(int from, int to) {
            return origin[to - 1] - origin[from] + 1;
        }
    }
}
