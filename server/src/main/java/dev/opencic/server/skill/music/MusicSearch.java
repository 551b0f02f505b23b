package dev.opencic.server.skill.music;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Finds what the user asked for among artists, albums, song titles and genres, forgiving the small
 * errors of typing and speech recognition ("miles davies", "blue and green"): each name is compared
 * with the query by edit distance, as a whole and word by word (so "coltrane" finds "John
 * Coltrane"). The best-scoring name wins; the field the user named ("songs by ...", "the album
 * ...") breaks near ties. Immutable: the library builds a new one per scan.
 */
public final class MusicSearch {

    /** What a name is. */
    public enum Field { ARTIST, ALBUM, TITLE, GENRE }

    /** Names scoring at least this much match; below it they are only suggested. */
    static final double MATCH = 0.75;
    private static final double SUGGEST = 0.35;
    private static final double NEAR_TIE = 0.03;
    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "of", "and", "in", "by", "to");

    /** The outcome of a search. */
    public sealed interface Result permits Found, NotFound, EmptyLibrary {}

    /** What matched ({@code name} as the library spells it) and the tracks to play, in order. */
    public record Found(Field field, String name, List<Track> tracks, double score) implements Result {}

    /** Nothing matched; {@code suggestions} are the closest names, best first (at most three). */
    public record NotFound(String query, List<String> suggestions) implements Result {}

    public record EmptyLibrary() implements Result {}

    private record Name(String display, String normalized, List<String> words, List<Track> tracks) {}

    private final List<Track> tracks;
    private final Map<String, Track> byId = new HashMap<>();
    private final Map<Field, List<Name>> names = new EnumMap<>(Field.class);

    public MusicSearch(List<Track> tracks) {
        List<Track> sorted = new ArrayList<>(tracks);
        sorted.sort(ALBUM_ORDER);
        this.tracks = List.copyOf(sorted);
        for (Field f : Field.values()) {
            Map<String, Name> byName = new LinkedHashMap<>();
            for (Track t : this.tracks) {
                String v = value(t, f);
                String n = v == null ? "" : normalize(v);
                if (n.isEmpty()) {
                    continue;
                }
                byName.computeIfAbsent(n, k -> new Name(v, k, words(k), new ArrayList<>())).tracks().add(t);
            }
            names.put(f, List.copyOf(byName.values()));
        }
        this.tracks.forEach(t -> byId.put(t.id(), t));
    }

    /** Artist, album, disc order: how an artist's tracks are played. */
    static final Comparator<Track> ALBUM_ORDER = Comparator
            .comparing((Track t) -> t.artist() == null ? "\uffff" : t.artist().toLowerCase(Locale.ROOT))
            .thenComparing(t -> t.album() == null ? "\uffff" : t.album().toLowerCase(Locale.ROOT))
            .thenComparingInt(Track::trackNumber)
            .thenComparing(t -> t.title().toLowerCase(Locale.ROOT))
            .thenComparing(Track::id);

    public List<Track> tracks() {
        return tracks;
    }

    public Optional<Track> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * @param hint the field the user named, or null
     */
    public Result search(String query, Field hint) {
        if (tracks.isEmpty()) {
            return new EmptyLibrary();
        }
        String q = normalize(query);
        if (q.isEmpty()) {
            return new NotFound(query, List.of());
        }
        List<String> qWords = words(q);
        Name best = null;
        Field bestField = null;
        double bestScore = -1;
        List<Scored> all = new ArrayList<>();
        for (Field f : Field.values()) {
            for (Name n : names.get(f)) {
                double s = similarity(q, qWords, n);
                all.add(new Scored(n.display(), s));
                if (best == null || better(s, f, bestScore, bestField, hint)) {
                    best = n;
                    bestField = f;
                    bestScore = s;
                }
            }
        }
        Found joint = bestSplit(q).orElse(null);
        if (joint != null && joint.score() >= bestScore - NEAR_TIE) {
            // "blue in green by miles davis": a title and an artist that fit one track beat the
            // whole query read as one name.
            return joint;
        }
        if (best == null || bestScore < MATCH) {
            all.sort(Comparator.comparingDouble(Scored::score).reversed());
            List<String> suggestions = all.stream().filter(s -> s.score() >= SUGGEST).map(Scored::display)
                    .distinct().limit(3).toList();
            return new NotFound(query, suggestions);
        }
        return new Found(bestField, best.display(), order(bestField, best), bestScore);
    }

    /** The words that join two names in a request: "title by artist", "song from album", "song on album". */
    private static final List<String> JOINS = List.of(" by ", " from ", " on ", " off ");

    /** Which field each side of a split may name: the left one names a song or album, the right one who or where. */
    private static final List<Field> LEFT_FIELDS = List.of(Field.TITLE, Field.ALBUM);
    private static final List<Field> RIGHT_FIELDS = List.of(Field.ARTIST, Field.ALBUM, Field.GENRE);

    /**
     * The query split at each joining word, every way ("blue in green by miles davis": title "blue"
     * and album "green by miles davis", title "blue in green" and artist "miles davis", ...), each
     * side scored against the same track's fields: the best pair that both match wins, scored by
     * the mean of the two, weighted by length.
     */
    private Optional<Found> bestSplit(String q) {
        Found best = null;
        for (String join : JOINS) {
            for (int at = q.indexOf(join); at > 0; at = q.indexOf(join, at + 1)) {
                String left = q.substring(0, at).strip();
                String right = q.substring(at + join.length()).strip();
                if (left.isEmpty() || right.isEmpty()) {
                    continue;
                }
                for (Field lf : LEFT_FIELDS) {
                    for (Field rf : RIGHT_FIELDS) {
                        if (lf == rf) {
                            continue;
                        }
                        Found f = pair(left, lf, right, rf);
                        if (f != null && (best == null || f.score() > best.score())) {
                            best = f;
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The best track whose {@code lf} matches {@code left} and whose {@code rf} matches {@code right}. */
    private Found pair(String left, Field lf, String right, Field rf) {
        List<String> lw = words(left);
        List<String> rw = words(right);
        Name bestLeft = null;
        double bestScore = 0;
        String rightName = null;
        for (Name ln : names.get(lf)) {
            double ls = similarity(left, lw, ln);
            if (ls < MATCH) {
                continue;
            }
            for (Track t : ln.tracks()) {
                String rv = value(t, rf);
                if (rv == null || normalize(rv).isEmpty()) {
                    continue;
                }
                String rn = normalize(rv);
                double rs = similarity(right, rw, new Name(rv, rn, words(rn), List.of()));
                if (rs < MATCH) {
                    continue;
                }
                double score = (ls * left.length() + rs * right.length()) / (left.length() + right.length());
                if (score > bestScore) {
                    bestScore = score;
                    bestLeft = ln;
                    rightName = rn;
                }
            }
        }
        if (bestLeft == null) {
            return null;
        }
        String rn = rightName;
        List<Track> both = bestLeft.tracks().stream().filter(t -> value(t, rf) != null && normalize(value(t, rf)).equals(rn))
                .toList();
        Name chosen = new Name(bestLeft.display(), bestLeft.normalized(), bestLeft.words(), both);
        return new Found(lf, bestLeft.display(), order(lf, chosen), bestScore);
    }

    /** Every track, shuffled: "play some music". */
    public List<Track> shuffled(Random random) {
        List<Track> out = new ArrayList<>(tracks);
        Collections.shuffle(out, random);
        return out;
    }

    private record Scored(String display, double score) {}

    private static boolean better(double s, Field f, double bestScore, Field bestField, Field hint) {
        if (Math.abs(s - bestScore) > NEAR_TIE) {
            return s > bestScore;
        }
        // A near tie: the field the user named wins, then the order of the enum.
        if (hint != null && (f == hint) != (bestField == hint)) {
            return f == hint;
        }
        return s > bestScore && f == bestField;
    }

    private List<Track> order(Field field, Name name) {
        return switch (field) {
            case ARTIST, ALBUM -> name.tracks(); // already in album order
            case TITLE -> {
                // The song, then the rest of its artist's tracks.
                Track first = name.tracks().get(0);
                List<Track> out = new ArrayList<>(name.tracks());
                if (first.artist() != null) {
                    for (Track t : tracks) {
                        if (first.artist().equalsIgnoreCase(t.artist() == null ? "" : t.artist()) && !out.contains(t)) {
                            out.add(t);
                        }
                    }
                }
                yield out;
            }
            case GENRE -> {
                List<Track> out = new ArrayList<>(name.tracks());
                Collections.shuffle(out);
                yield out;
            }
        };
    }

    private static String value(Track t, Field f) {
        return switch (f) {
            case ARTIST -> t.artist();
            case ALBUM -> t.album();
            case TITLE -> t.title();
            case GENRE -> t.genre();
        };
    }

    static double similarity(String q, List<String> qWords, Name n) {
        double whole = ratio(q, n.normalized());
        String withoutThe = n.normalized().startsWith("the ") ? n.normalized().substring(4) : n.normalized();
        whole = Math.max(whole, ratio(q.startsWith("the ") ? q.substring(4) : q, withoutThe));
        // Word by word: each query word against its closest word of the name, weighted by length,
        // scaled by how much of the name the query covers (a part of a name is a weaker match).
        List<String> content = qWords.stream().filter(w -> !STOP_WORDS.contains(w)).toList();
        if (content.isEmpty() || n.words().isEmpty()) {
            return whole;
        }
        double sum = 0;
        int chars = 0;
        for (String w : content) {
            double bestWord = 0;
            for (String nw : n.words()) {
                bestWord = Math.max(bestWord, wordSimilarity(w, nw));
            }
            sum += bestWord * w.length();
            chars += w.length();
        }
        long nameContent = n.words().stream().filter(w -> !STOP_WORDS.contains(w)).count();
        double coverage = Math.min(1.0, (double) content.size() / Math.max(1, nameContent));
        double partial = (sum / chars) * (0.8 + 0.2 * coverage);
        if (content.size() > nameContent) {
            partial *= (double) nameContent / content.size(); // extra words the name does not have
        }
        return Math.max(whole, partial);
    }

    /** How much a recognised word weighs against a name's word that only sounds alike. */
    static final double SOUNDS_ALIKE = 0.9;

    /**
     * Spelling, or sound for words a recogniser confuses ("details" for "beatles"): their consonant
     * skeletons ({@link #sound}) compared, slightly below a spelling match.
     */
    static double wordSimilarity(String w, String nw) {
        double spelled = ratio(w, nw);
        String a = sound(w);
        String b = sound(nw);
        if (a.length() < 3 || b.length() < 3) {
            return spelled;
        }
        return Math.max(spelled, SOUNDS_ALIKE * ratio(a, b));
    }

    /**
     * A word's consonants by how they sound, vowels left out and repeats merged: the plosives b d p t
     * as one, g k c q as one, f v, s z x, l, r, m n, and j. "details" and "beatles" are both 1-5-4.
     */
    static String sound(String word) {
        StringBuilder out = new StringBuilder();
        char last = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = switch (word.charAt(i)) {
                case 'b', 'd', 'p', 't' -> '1';
                case 'g', 'k', 'c', 'q' -> '2';
                case 'f', 'v' -> '3';
                case 's', 'z', 'x' -> '4';
                case 'l' -> '5';
                case 'r' -> '6';
                case 'm', 'n' -> '7';
                case 'j' -> '8';
                default -> 0;
            };
            if (c != 0 && c != last) {
                out.append(c);
            }
            if (c != 0) {
                last = c;
            }
        }
        return out.toString();
    }

    /** 1 minus the character edit distance over the longer length. */
    static double ratio(String a, String b) {
        int n = a.length();
        int m = b.length();
        if (n == 0 || m == 0) {
            return n == m ? 1 : 0;
        }
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= m; j++) {
                int cost = ca == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return 1.0 - (double) prev[m] / Math.max(n, m);
    }

    /** Lower case, no accents, "&" as "and", punctuation as spaces, single spaces. */
    public static String normalize(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replace("&", " and ").replace("'", "");
        return n.replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    private static List<String> words(String normalized) {
        return normalized.isEmpty() ? List.of() : List.of(normalized.split(" "));
    }
}
