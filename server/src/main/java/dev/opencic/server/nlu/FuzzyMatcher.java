package dev.opencic.server.nlu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Understands utterances that no template matches word for word. Each template's word graph is
 * aligned with the folded utterance (see {@link Lexicon}): template words may be missing and extra
 * words said, each at the cost of the word's weight, and a slot takes the words between its
 * neighbours. A word's weight says how well it tells intents apart: words of one intent weigh most,
 * words shared by many intents less, filler words ("please", "the", "clova") little; words no
 * template uses weigh {@link #UNKNOWN_WEIGHT}.
 *
 * <p>A slot taking a content word that some template uses pays part of that word's weight (so "play
 * this one on repeat" is not a search for "this one on repeat"), as does a slot taking a word that
 * is an example value of another slot of the same skill (so a place never takes "monday"); a name
 * slot taking one of its own example values gains; a slot whose examples form a closed vocabulary
 * (times, durations) pays for words outside it. The score of an alignment is the weight of the
 * template words found over that plus everything missing, extra, swapped or wrongly taken; the
 * best-scoring template wins if it clears {@link #MIN_SCORE}, except that a template matching the
 * utterance word for word wins over one less than {@link #WORD_FOR_WORD_MARGIN} better.
 *
 * <p>Templates are aligned best-first by the score they could at most reach, and the search stops
 * when no remaining template could come close to the best found.
 */
final class FuzzyMatcher {

    /** Below this score an utterance is not understood. */
    static final double MIN_SCORE = 0.45;

    /** Weight of filler words, and of the courtesies around a request ("could you", "for me"). */
    static final double FILLER_WEIGHT = 0.1;
    /** Most a function word ("to", "my", "what") weighs, however few intents use it. */
    static final double FUNCTION_WEIGHT = 0.35;
    /** Weight of a word no template uses. */
    static final double UNKNOWN_WEIGHT = 0.35;
    /** What a slot costs per word it takes: small, so literal words are matched where they can be. */
    static final double SLOT_WORD_COST = 0.02;
    /** Share of a template word's weight a slot pays for taking it. */
    static final double SLOT_KNOWN_WORD_SHARE = 0.4;
    /** What a slot pays for taking a word that is an example of another slot of the same skill only. */
    static final double SLOT_FOREIGN_EXAMPLE_COST = 0.6;
    /** What a slot gains for taking exactly one of its own examples. */
    static final double SLOT_OWN_EXAMPLE_GAIN = 0.5;
    /** Extra cost of a free-text slot beginning or ending with a word that belongs to the sentence. */
    static final double SLOT_EDGE_COST = 0.5;
    /**
     * Share of its weight an extra word pays when another template of the same intent uses it:
     * "what can you help me with" is "what can you do" with a word of "help me".
     */
    static final double INTENT_WORD_COST = 0.5;
    /** Share of example words that must recur for a slot's vocabulary to count as closed. */
    static final double CLOSED_SLOT_SHARE = 0.5;
    /** Longest mean example, in words, of a closed-vocabulary slot. */
    static final double CLOSED_SLOT_MAX_WORDS = 4;
    /** What a closed-vocabulary slot pays per word outside its vocabulary. */
    static final double CLOSED_SLOT_FOREIGN_WORD = 0.3;
    /** What a slot pays for taking only filler and function words ("a", "me", "it"). */
    static final double SLOT_EMPTY_VALUE_COST = 0.6;
    /**
     * A word in place of another costs the heavier of the two and this share of the lighter:
     * less than leaving one out and adding the other, as recognisers often swap similar words.
     */
    static final double SUB_EXTRA = 0.5;
    /**
     * How much better a fuzzy alignment must be to beat a template matching word for word. 0.12, not
     * 0.1: with this round's new templates using "play", "play doomed tune" scored 0.66 word for word
     * ("play {query}") against 0.77 for "play tunes" with a word dropped; held-out accuracy the same
     * at both (436 utterances: 95.4 % intent, 95.0 % full-slot); 0.15 lost "play yesterday by the details".
     */
    static final double WORD_FOR_WORD_MARGIN = 0.12;
    /** Cost of a slot left empty (the skill may ask for it). */
    static final double SLOT_SKIP_COST = 0.8;

    private static final Pattern NUMBER = Pattern.compile(Template.SLOT_TYPES.get("number"));

    private final Map<String, Integer> ids = new HashMap<>();
    private final double[] weights;
    private final boolean[] filler;
    /** Per token id: a known word that says what a request is about (not filler, function or negation). */
    private final boolean[] contentToken;
    /** Per template, its graph with word edges as token ids, and the ids it uses. */
    private final List<Compiled> compiled = new ArrayList<>();
    private final int maxStates;
    /** Normalised example value → the slots it is an example of. */
    private final Map<String, Set<String>> examples = new HashMap<>();
    /**
     * The folded words of slots whose examples mostly reuse the same few words (a time, a
     * duration) rather than being names: such a slot pays for words outside that vocabulary.
     */
    private final Map<String, Set<String>> closedVocabularies = new HashMap<>();
    /** The slot names each skill's intents use, by skill (the intent name before its first dot). */
    private final Map<String, Set<String>> slotsBySkill = new HashMap<>();

    private record Compiled(Template template, Graph graph, int[][] edgeTokens, BitSet uses, BitSet intentUses,
                            boolean hasSlots) {
        String skill() {
            return FuzzyMatcher.skill(template.intent());
        }
    }

    FuzzyMatcher(List<Template> templates, Map<String, List<String>> slotExamples) {
        slotExamples.forEach((slot, values) -> values.forEach(
                v -> examples.computeIfAbsent(TextNormalizer.normalize(v), k -> new HashSet<>()).add(slot)));
        slotExamples.forEach((slot, values) -> {
            Set<String> vocabulary = closedVocabulary(values);
            if (vocabulary != null) {
                closedVocabularies.put(slot, vocabulary);
            }
        });
        Map<Integer, Set<String>> intentsById = new HashMap<>();
        Set<String> intents = new HashSet<>();
        Map<String, BitSet> vocabularies = new HashMap<>();
        int max = 1;
        for (Template t : templates) {
            intents.add(t.intent());
            Graph g = t.graph();
            max = Math.max(max, g.states());
            int[][] edgeTokens = new int[g.states()][];
            Set<Integer> uses = new HashSet<>();
            for (int s = 0; s < g.states(); s++) {
                Graph.Edge[] out = g.outgoing()[s];
                edgeTokens[s] = new int[out.length];
                for (int k = 0; k < out.length; k++) {
                    int id = -1;
                    if (out[k].isWord()) {
                        id = ids.computeIfAbsent(out[k].token(), x -> ids.size());
                        intentsById.computeIfAbsent(id, x -> new HashSet<>()).add(t.intent());
                        uses.add(id);
                    }
                    edgeTokens[s][k] = id;
                }
            }
            BitSet bits = new BitSet();
            uses.forEach(bits::set);
            BitSet intentUses = vocabularies.computeIfAbsent(t.intent(), k -> new BitSet());
            intentUses.or(bits);
            compiled.add(new Compiled(t, g, edgeTokens, bits, intentUses, t.hasSlots()));
            slotsBySkill.computeIfAbsent(skill(t.intent()), k -> new HashSet<>()).addAll(t.slotNames());
        }
        this.maxStates = max;
        int n = Math.max(2, intents.size());
        weights = new double[ids.size()];
        filler = new boolean[ids.size()];
        contentToken = new boolean[ids.size()];
        ids.forEach((token, id) -> {
            filler[id] = Lexicon.FILLER_WORDS.contains(token);
            contentToken[id] = !filler[id] && !Lexicon.FUNCTION_WORDS.contains(token) && !Lexicon.NEGATIONS.contains(token);
            weights[id] = filler[id] ? FILLER_WEIGHT
                    : 0.3 + 0.7 * Math.log((double) n / intentsById.get(id).size()) / Math.log(n);
            if (Lexicon.FUNCTION_WORDS.contains(token)) {
                weights[id] = Math.min(weights[id], FUNCTION_WEIGHT);
            }
            if (Lexicon.NEGATIONS.contains(token)) {
                weights[id] = 1.0; // "i don't need a reminder" is not "i need a reminder"
            }
        });
    }

    /** Whether the slot's examples form a closed vocabulary ({@link #closedVocabulary}). */
    boolean closedSlot(String slot) {
        return closedVocabularies.containsKey(slot);
    }

    /** The best alignment over all templates, or null if none scores {@link #MIN_SCORE} or more. */
    IntentMatch match(String normalized) {
        return match(normalized, Set.of());
    }

    /** {@link #match(String)} over the templates of intents other than {@code without}. */
    IntentMatch match(String normalized, Set<String> without) {
        Utterance u = new Utterance(Lexicon.Folded.of(normalized));
        if (u.n == 0) {
            return null;
        }
        // Branch and bound: align templates in order of the best score they could reach, and stop
        // when that cannot beat the best found.
        int count = compiled.size();
        double[] bound = new double[count];
        Integer[] order = new Integer[count];
        for (int k = 0; k < count; k++) {
            // An excluded intent's templates can never win: bound them below any score.
            bound[k] = without.contains(compiled.get(k).template().intent()) ? Double.NEGATIVE_INFINITY
                    : u.bound(compiled.get(k));
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(bound[b], bound[a]));
        Workspace ws = new Workspace(u.n + 1, maxStates);
        // Every template within WORD_FOR_WORD_MARGIN of the best is a candidate: one that matches
        // the utterance word for word is taken over a better fuzzy alignment within that margin.
        List<double[]> candidates = new ArrayList<>();
        double bestScore = MIN_SCORE;
        for (int k : order) {
            if (bound[k] < bestScore - WORD_FOR_WORD_MARGIN || bound[k] == Double.NEGATIVE_INFINITY) {
                break;
            }
            double[] r = align(compiled.get(k), u, ws, false, null);
            if (r != null && r[0] >= MIN_SCORE) {
                candidates.add(new double[] {r[0], r[1], k});
                bestScore = Math.max(bestScore, r[0]);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        candidates.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
        Compiled best = compiled.get((int) candidates.get(0)[2]);
        double score = candidates.get(0)[0];
        boolean wordForWord = false;
        for (double[] cand : candidates) {
            if (cand[0] < candidates.get(0)[0] - WORD_FOR_WORD_MARGIN) {
                break;
            }
            Compiled c = compiled.get((int) cand[2]);
            if (c.template().match(normalized) != null) {
                best = c;
                score = cand[0];
                wordForWord = true;
                break;
            }
        }
        Map<String, String> slots = new LinkedHashMap<>();
        align(best, u, ws, true, slots);
        Template t = best.template();
        // Word for word, with slots that look right: as sure as the template's author.
        double confidence = wordForWord && score >= 0.9 ? 1.0 : Math.min(0.95, score);
        return new IntentMatch(t.intent(), slots, confidence, t.source());
    }

    /**
     * The words of a slot's examples if the examples are short and most of their words recur in
     * two or more examples (numbers count as one word), else null: "7 am", "tomorrow at 7", "half
     * past six" make a closed vocabulary; "paris", "new york", "san francisco" do not, nor do
     * "coffee with james tomorrow at 11", "dinner at the thai place on friday at 7 pm".
     */
    static Set<String> closedVocabulary(List<String> values) {
        if (values.size() < 4) {
            return null;
        }
        Map<String, Integer> inExamples = new HashMap<>();
        int total = 0;
        for (String v : values) {
            Set<String> words = new HashSet<>();
            for (String w : TextNormalizer.normalize(v).split(" ")) {
                for (String t : Lexicon.fold(w)) {
                    words.add(numberClass(t));
                    total++;
                }
            }
            words.forEach(w -> inExamples.merge(w, 1, Integer::sum));
        }
        int recurring = 0;
        for (String v : values) {
            for (String w : TextNormalizer.normalize(v).split(" ")) {
                for (String t : Lexicon.fold(w)) {
                    if (inExamples.get(numberClass(t)) >= 2) {
                        recurring++;
                    }
                }
            }
        }
        boolean shortValues = total <= CLOSED_SLOT_MAX_WORDS * values.size();
        return shortValues && recurring >= CLOSED_SLOT_SHARE * total ? Set.copyOf(inExamples.keySet()) : null;
    }

    private static String skill(String intent) {
        int dot = intent.indexOf('.');
        return dot < 0 ? intent : intent.substring(0, dot);
    }

    private static String numberClass(String token) {
        return !token.isEmpty() && Character.isDigit(token.charAt(0)) ? "#" : token;
    }

    /** The {@code k} best-scoring templates with their scores, best first, for diagnosis. */
    List<String> explain(String normalized, int k) {
        Utterance u = new Utterance(Lexicon.Folded.of(normalized));
        Workspace ws = new Workspace(u.n + 1, maxStates);
        List<double[]> scored = new ArrayList<>();
        for (int i = 0; i < compiled.size(); i++) {
            double[] r = u.n == 0 ? null : align(compiled.get(i), u, ws, false, null);
            if (r != null) {
                scored.add(new double[] {r[0], i});
            }
        }
        scored.sort((a, b) -> Double.compare(b[0], a[0]));
        List<String> out = new ArrayList<>();
        for (double[] r : scored.subList(0, Math.min(k, scored.size()))) {
            Compiled c = compiled.get((int) r[1]);
            Map<String, String> slots = new LinkedHashMap<>();
            align(c, u, ws, true, slots);
            out.add(String.format("%.2f %s %s %s", r[0], c.template().intent(), slots, c.template().source()));
        }
        return out;
    }

    /** The utterance as token ids, weights and what its spans may be as slot values. */
    private final class Utterance {
        final Lexicon.Folded folded;
        final int n;
        final int[] id;
        final double[] weight;
        /** Per token: a known word that says what the request is about. */
        final boolean[] content;
        /** Per original word: the slots it alone is an example of, or null. */
        final List<Set<String>> wordExampleOf = new ArrayList<>();

        Utterance(Lexicon.Folded f) {
            folded = f;
            String[] tokens = f.tokens();
            n = tokens.length;
            id = new int[n];
            weight = new double[n];
            content = new boolean[n];
            for (int i = 0; i < n; i++) {
                Integer x = ids.get(tokens[i]);
                id[i] = x == null ? -1 : x;
                content[i] = x != null && contentToken[x];
                weight[i] = x != null ? weights[x]
                        : Lexicon.FILLER_WORDS.contains(tokens[i]) ? FILLER_WEIGHT
                        : Lexicon.FUNCTION_WORDS.contains(tokens[i]) ? Math.min(FUNCTION_WEIGHT, UNKNOWN_WEIGHT)
                        : UNKNOWN_WEIGHT;
            }
            int[] courtesy = Lexicon.courtesy(f.words());
            for (int i = 0; i < n; i++) {
                int word = f.origin()[i];
                if (word < courtesy[0] || word >= courtesy[1]) {
                    weight[i] = Math.min(weight[i], FILLER_WEIGHT);
                }
            }
            for (String w : folded.words()) {
                wordExampleOf.add(examples.get(w));
            }
        }

        /**
         * The highest score template {@code c} could reach: every utterance word it uses found, and
         * every other word costing the least it could (nothing, if the template has a slot).
         */
        double bound(Compiled c) {
            double found = 0;
            double extra = 0;
            for (int i = 0; i < n; i++) {
                if (id[i] >= 0 && c.uses().get(id[i])) {
                    found += weight[i];
                } else if (c.hasSlots()) {
                    // a slot takes a content word that templates use for part of its weight, any
                    // other word (or a closed slot's own word) for next to nothing
                    if (content[i] && !closedSlots(c)) {
                        extra += Math.min(SLOT_KNOWN_WORD_SHARE, INTENT_WORD_COST) * weight[i];
                    }
                } else if (id[i] >= 0 && c.intentUses().get(id[i])) {
                    extra += INTENT_WORD_COST * weight[i];
                } else {
                    extra += weight[i];
                }
            }
            if (found == 0) {
                return 0;
            }
            if (c.hasSlots() && !examples.isEmpty()) {
                found += SLOT_OWN_EXAMPLE_GAIN * c.template().slotNames().size();
            }
            return found / (found + extra);
        }

        private boolean closedSlots(Compiled c) {
            for (String slot : c.template().slotNames()) {
                if (closedVocabularies.containsKey(slot)) {
                    return true;
                }
            }
            return false;
        }

        /** Per span [i, j) (index i * (n + 1) + j): the cost of a slot taking it, before examples. */
        private double[] spanCost;
        private boolean[] isNumber;
        private final Map<String, double[]> exampleCost = new HashMap<>();

        /** Cost of slot {@code slot} of type {@code type} taking tokens [i, j), or NaN if it cannot. */
        double slotCost(String skill, String slot, String type, int i, int j) {
            if (spanCost == null) {
                measureSpans();
            }
            int span = i * (n + 1) + j;
            double c = spanCost[span];
            if ("word".equals(type)) {
                if (folded.wordCount(i, j) != 1) {
                    return Double.NaN;
                }
            } else if ("number".equals(type)) {
                if (!isNumber[span]) {
                    return Double.NaN;
                }
            } else {
                c += edgeCost(i, j);
            }
            return c + exampleCost.computeIfAbsent(skill + ' ' + slot, k -> exampleCosts(skill, slot))[span];
        }

        private void measureSpans() {
            spanCost = new double[(n + 1) * (n + 1)];
            isNumber = new boolean[(n + 1) * (n + 1)];
            for (int i = 0; i < n; i++) {
                double known = 0;
                boolean saysSomething = false;
                for (int j = i + 1; j <= n; j++) {
                    int k = j - 1;
                    String token = folded.tokens()[k];
                    if (id[k] >= 0 && !filler[id[k]] && !Lexicon.FUNCTION_WORDS.contains(token)) {
                        known += SLOT_KNOWN_WORD_SHARE * weight[k];
                    }
                    saysSomething |= !Lexicon.FILLER_WORDS.contains(token) && !Lexicon.FUNCTION_WORDS.contains(token);
                    if (folded.wordStart(i) && folded.wordStart(j)) {
                        int span = i * (n + 1) + j;
                        spanCost[span] = SLOT_WORD_COST * folded.wordCount(i, j) + known
                                + (saysSomething ? 0 : SLOT_EMPTY_VALUE_COST);
                        isNumber[span] = NUMBER.matcher(folded.text(i, j)).matches();
                    }
                }
            }
        }

        private double edgeCost(int i, int j) {
            String[] ws = folded.words();
            double c = 0;
            if (Lexicon.SLOT_EDGE_WORDS.contains(ws[folded.origin()[i]])) {
                c += SLOT_EDGE_COST;
            }
            if (Lexicon.SLOT_EDGE_WORDS.contains(ws[folded.origin()[j - 1]])) {
                c += SLOT_EDGE_COST;
            }
            return c;
        }

        /** Per span: what the slot pays for other slots' examples in it, less its own example's gain. */
        private double[] exampleCosts(String skill, String slot) {
            Set<String> siblings = slotsBySkill.getOrDefault(skill, Set.of());
            double[] out = new double[(n + 1) * (n + 1)];
            if (examples.isEmpty()) {
                return out;
            }
            Set<String> closed = closedVocabularies.get(slot);
            for (int i = 0; i < n; i++) {
                if (!folded.wordStart(i)) {
                    continue;
                }
                double foreign = 0;
                for (int j = i + 1; j <= n; j++) {
                    if (!folded.wordStart(j)) {
                        continue;
                    }
                    // The tokens of the word that ends at j: a closed slot's own words are free,
                    // others pay; elsewhere an example of another slot of the same skill pays.
                    boolean own = closed != null;
                    for (int k = j - 1; k >= i && folded.origin()[k] == folded.origin()[j - 1]; k--) {
                        if (closed == null) {
                            continue;
                        }
                        if (closed.contains(numberClass(folded.tokens()[k]))) {
                            if (id[k] >= 0 && !filler[id[k]] && !Lexicon.FUNCTION_WORDS.contains(folded.tokens()[k])) {
                                foreign -= SLOT_KNOWN_WORD_SHARE * weight[k];
                            }
                        } else {
                            own = false;
                            foreign += CLOSED_SLOT_FOREIGN_WORD;
                        }
                    }
                    Set<String> of = wordExampleOf.get(folded.origin()[j - 1]);
                    if (of != null && !of.contains(slot) && !own && !java.util.Collections.disjoint(of, siblings)) {
                        foreign += SLOT_FOREIGN_EXAMPLE_COST;
                    }
                    Set<String> whole = examples.get(folded.text(i, j));
                    // A name slot gains for taking a known name; a closed slot does not (it would
                    // rather stop at "tomorrow at 7" than take "tomorrow at 7 am").
                    boolean known = closed == null && whole != null && whole.contains(slot);
                    out[i * (n + 1) + j] = foreign - (known ? SLOT_OWN_EXAMPLE_GAIN : 0);
                }
            }
            return out;
        }
    }

    private static final class Workspace {
        final int cols;
        final double[] key;
        final double[] cost;
        final double[] found;
        final byte[] how;
        final int[] from;
        final Graph.Edge[] via;
        final double[] insCost;

        Workspace(int rows, int cols) {
            insCost = new double[rows];
            this.cols = cols;
            int size = rows * cols;
            key = new double[size];
            cost = new double[size];
            found = new double[size];
            how = new byte[size];
            from = new int[size];
            via = new Graph.Edge[size];
        }
    }

    private static final byte INS = 1;
    private static final byte EPS = 2;
    private static final byte DEL = 3;
    private static final byte MATCH = 4;
    private static final byte SKIP = 5;
    private static final byte SLOT = 6;
    private static final byte SUB = 7;

    /**
     * Aligns one template with the utterance; returns {score, key} or null if the template's end
     * cannot be reached. With {@code trace}, fills {@code slots} from the best path.
     */
    private double[] align(Compiled c, Utterance u, Workspace ws, boolean trace, Map<String, String> slots) {
        Graph g = c.graph();
        int n = u.n;
        int states = g.states();
        int cols = ws.cols;
        for (int i = 0; i <= n; i++) {
            Arrays.fill(ws.key, i * cols, i * cols + states, Double.POSITIVE_INFINITY);
        }
        ws.key[0] = 0;
        ws.cost[0] = 0;
        ws.found[0] = 0;
        double[] insCost = ws.insCost;
        for (int i = 0; i < n; i++) {
            boolean ofIntent = u.id[i] >= 0 && c.intentUses().get(u.id[i]) && !Lexicon.NEGATIONS.contains(u.folded.tokens()[i]);
            insCost[i] = ofIntent ? INTENT_WORD_COST * u.weight[i] : u.weight[i];
        }
        for (int i = 0; i <= n; i++) {
            for (int st = 0; st < states; st++) {
                int at = i * cols + st;
                if (ws.key[at] == Double.POSITIVE_INFINITY) {
                    continue;
                }
                double cost = ws.cost[at];
                double found = ws.found[at];
                if (i < n) {
                    relax(ws, at, (i + 1) * cols + st, cost + insCost[i], found, INS, null);
                }
                Graph.Edge[] out = g.outgoing()[st];
                int[] tokens = c.edgeTokens()[st];
                for (int k = 0; k < out.length; k++) {
                    Graph.Edge e = out[k];
                    int to = e.to();
                    if (e.isWord()) {
                        double w = weights[tokens[k]];
                        relax(ws, at, i * cols + to, cost + w, found, DEL, e);
                        if (i < n && u.id[i] == tokens[k]) {
                            relax(ws, at, (i + 1) * cols + to, cost, found + Math.min(w, u.weight[i]), MATCH, e);
                        } else if (i < n && !(u.content[i] && contentToken[tokens[k]])) {
                            // One word heard or said in place of another ("when time is it"):
                            // costs the heavier of the two, not both; but two words that both
                            // say what the request is about ("date" for "weather") cost both.
                            relax(ws, at, (i + 1) * cols + to, cost + Math.max(w, insCost[i]) + SUB_EXTRA * Math.min(w, insCost[i]),
                                    found, SUB, e);
                        }
                    } else if (e.isSlot()) {
                        relax(ws, at, i * cols + to, cost + SLOT_SKIP_COST, found, SKIP, e);
                        if (i == n || !u.folded.wordStart(i)) {
                            continue;
                        }
                        for (int j = i + 1; j <= n; j++) {
                            if (!u.folded.wordStart(j)) {
                                continue;
                            }
                            double sc = u.slotCost(c.skill(), e.slot(), e.slotType(), i, j);
                            if (Double.isNaN(sc)) {
                                if ("word".equals(e.slotType())) {
                                    break;
                                }
                                continue;
                            }
                            if (sc < 0) {
                                relax(ws, at, j * cols + to, cost, found - sc, SLOT, e);
                            } else {
                                relax(ws, at, j * cols + to, cost + sc, found, SLOT, e);
                            }
                        }
                    } else {
                        relax(ws, at, i * cols + to, cost, found, EPS, e);
                    }
                }
            }
        }
        int end = n * cols + g.end();
        if (ws.key[end] == Double.POSITIVE_INFINITY) {
            return null;
        }
        double total = ws.found[end] + ws.cost[end];
        double score = total == 0 ? 0 : ws.found[end] / total;
        if (trace) {
            List<String[]> taken = new ArrayList<>();
            int at = end;
            while (at != 0) {
                int prev = ws.from[at];
                if (ws.how[at] == SLOT) {
                    String value = u.folded.text(prev / cols, at / cols);
                    if (at / cols < n && value.endsWith("'s")) {
                        value = value.substring(0, value.length() - 2); // "tomorrow's alarm"
                    }
                    taken.add(new String[] {ws.via[at].slot(), value});
                }
                at = prev;
            }
            for (int k = taken.size() - 1; k >= 0; k--) {
                slots.put(taken.get(k)[0], taken.get(k)[1]);
            }
        }
        return new double[] {score, ws.key[end]};
    }

    private static void relax(Workspace ws, int from, int to, double cost, double found, byte how, Graph.Edge via) {
        double key = cost - found;
        if (key < ws.key[to]) {
            ws.key[to] = key;
            ws.cost[to] = cost;
            ws.found[to] = found;
            ws.how[to] = how;
            ws.from[to] = from;
            ws.via[to] = via;
        }
    }
}
