package dev.opencic.server.nlu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One template line compiled to a regular expression over normalised text. The grammar is the one
 * described at the top of the template files: words, {@code [optional|alternatives]},
 * {@code (required|alternatives)} (both may nest) and {@code {slot:type}}.
 */
public final class Template {

    /** Slot types and what they match in normalised text. */
    static final Map<String, String> SLOT_TYPES = Map.of(
            "text", ".+?",
            "word", "\\S+",
            "number", "(?:\\d+(?:\\.\\d+)?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
                    + "|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty"
                    + "|fifty|sixty|seventy|eighty|ninety|hundred|a|an)(?: (?:\\d+|one|two|three|four|five|six"
                    + "|seven|eight|nine|hundred))*");

    private static final int MAX_EXPANSIONS = 256;

    private final String intent;
    private final String source;
    private final Pattern pattern;
    private final List<String> slotNames;
    private final List<List<String>> expansions;
    private final Graph graph;

    private Template(String intent, String source, Pattern pattern, List<String> slotNames,
                     List<List<String>> expansions, Graph graph) {
        this.intent = intent;
        this.source = source;
        this.pattern = pattern;
        this.slotNames = slotNames;
        this.expansions = expansions;
        this.graph = graph;
    }

    /**
     * Compiles one template line.
     *
     * @throws IllegalArgumentException naming the line and the problem (unbalanced bracket,
     *                                  unknown slot type, repeated slot)
     */
    public static Template compile(String intent, String line) {
        Parser p = new Parser(line);
        Node.Seq root = p.sequence();
        if (p.pos < p.src.length()) {
            throw p.error("unexpected '" + p.src.charAt(p.pos) + "'");
        }
        StringBuilder regex = new StringBuilder();
        List<String> slots = new ArrayList<>();
        root.regex(regex, slots);
        List<List<String>> expansions = root.expand();
        Graph.Builder graph = new Graph.Builder();
        graph.end = root.graph(graph, graph.newState());
        return new Template(intent, line, Pattern.compile(regex.toString()), List.copyOf(slots), expansions,
                graph.build());
    }

    public String intent() {
        return intent;
    }

    public String source() {
        return source;
    }

    public boolean hasSlots() {
        return !slotNames.isEmpty();
    }

    /** The slot names in order, and the type of each. */
    public List<String> slotNames() {
        return slotNames;
    }

    /**
     * Every sentence this template accepts, as word lists, with each slot as one {@code {name}}
     * word (at most 256 sentences per template).
     */
    public List<List<String>> expansions() {
        return expansions;
    }

    /** The template as a word graph over folded words, for fuzzy alignment. */
    Graph graph() {
        return graph;
    }

    /**
     * Slot values if the whole normalised utterance matches, else null. Public for templates made at
     * run time (a registered extension's sample utterances) and matched outside this package.
     */
    public Map<String, String> match(String normalized) {
        Matcher m = pattern.matcher(normalized + ' ');
        if (!m.matches()) {
            return null;
        }
        Map<String, String> slots = new LinkedHashMap<>();
        for (String name : slotNames) {
            String v = m.group(name);
            if (v != null) {
                v = v.strip();
                if (v.endsWith("'s") && m.end(name) < normalized.length()) {
                    v = v.substring(0, v.length() - 2); // "delete tomorrow's alarm"
                }
                slots.put(name, v);
            }
        }
        return slots;
    }

    // ---- parsing ----

    private sealed interface Node permits Node.Word, Node.Group, Node.Slot, Node.Seq {
        void regex(StringBuilder out, List<String> slots);

        List<List<String>> expand();

        /** Adds this node's edges starting at state {@code from}; returns the state it ends in. */
        int graph(Graph.Builder g, int from);

        record Word(String text) implements Node {
            public void regex(StringBuilder out, List<String> slots) {
                out.append(Pattern.quote(text)).append(' ');
            }

            public List<List<String>> expand() {
                return List.of(List.of(text));
            }

            public int graph(Graph.Builder g, int from) {
                int at = from;
                for (String token : Lexicon.fold(text)) {
                    int next = g.newState();
                    g.edges.add(new Graph.Edge(at, next, token, null, null));
                    at = next;
                }
                return at;
            }
        }

        record Slot(String name, String type) implements Node {
            public void regex(StringBuilder out, List<String> slots) {
                slots.add(name);
                out.append("(?<").append(name).append('>').append(SLOT_TYPES.get(type)).append(") ");
            }

            public List<List<String>> expand() {
                return List.of(List.of("{" + name + "}"));
            }

            public int graph(Graph.Builder g, int from) {
                int next = g.newState();
                g.edges.add(new Graph.Edge(from, next, null, name, type));
                return next;
            }
        }

        record Group(List<Seq> alternatives, boolean optional) implements Node {
            public void regex(StringBuilder out, List<String> slots) {
                out.append("(?:");
                for (int i = 0; i < alternatives.size(); i++) {
                    if (i > 0) {
                        out.append('|');
                    }
                    alternatives.get(i).regex(out, slots);
                }
                out.append(optional ? ")?" : ")");
            }

            public List<List<String>> expand() {
                List<List<String>> out = new ArrayList<>();
                if (optional) {
                    out.add(List.of());
                }
                for (Seq alt : alternatives) {
                    out.addAll(alt.expand());
                }
                return out;
            }

            public int graph(Graph.Builder g, int from) {
                List<Integer> ends = new ArrayList<>();
                for (Seq alt : alternatives) {
                    ends.add(alt.graph(g, from));
                }
                int exit = g.newState();
                for (int end : ends) {
                    g.edges.add(new Graph.Edge(end, exit, null, null, null));
                }
                if (optional) {
                    g.edges.add(new Graph.Edge(from, exit, null, null, null));
                }
                return exit;
            }
        }

        record Seq(List<Node> items) implements Node {
            public void regex(StringBuilder out, List<String> slots) {
                for (Node n : items) {
                    n.regex(out, slots);
                }
            }

            public List<List<String>> expand() {
                List<List<String>> acc = new ArrayList<>();
                acc.add(List.of());
                for (Node n : items) {
                    List<List<String>> next = new ArrayList<>();
                    for (List<String> prefix : acc) {
                        for (List<String> suffix : n.expand()) {
                            if (next.size() >= MAX_EXPANSIONS) {
                                break;
                            }
                            List<String> joined = new ArrayList<>(prefix);
                            joined.addAll(suffix);
                            next.add(joined);
                        }
                    }
                    acc = next;
                }
                return acc;
            }

            public int graph(Graph.Builder g, int from) {
                int at = from;
                for (Node n : items) {
                    at = n.graph(g, at);
                }
                return at;
            }
        }
    }

    private static final class Parser {
        final String src;
        int pos;
        final List<String> seenSlots = new ArrayList<>();

        Parser(String src) {
            this.src = src;
        }

        Node.Seq sequence() {
            List<Node> items = new ArrayList<>();
            while (true) {
                skipSpaces();
                if (pos >= src.length()) {
                    break;
                }
                char c = src.charAt(pos);
                if (c == '|' || c == ']' || c == ')') {
                    break;
                }
                if (c == '[' || c == '(') {
                    pos++;
                    items.add(group(c == '[' ? ']' : ')', c == '['));
                } else if (c == '{') {
                    items.add(slot());
                } else {
                    int start = pos;
                    while (pos < src.length() && " []()|{}".indexOf(src.charAt(pos)) < 0) {
                        pos++;
                    }
                    String word = TextNormalizer.normalize(src.substring(start, pos));
                    for (String w : word.split(" ")) {
                        if (!w.isEmpty()) {
                            items.add(new Node.Word(w));
                        }
                    }
                }
            }
            return new Node.Seq(items);
        }

        Node group(char close, boolean optional) {
            List<Node.Seq> alts = new ArrayList<>();
            while (true) {
                alts.add(sequence());
                if (pos >= src.length()) {
                    throw error("missing '" + close + "'");
                }
                char c = src.charAt(pos++);
                if (c == close) {
                    return new Node.Group(alts, optional);
                }
                if (c != '|') {
                    throw error("expected '|' or '" + close + "' but found '" + c + "'");
                }
            }
        }

        Node slot() {
            int end = src.indexOf('}', pos);
            if (end < 0) {
                throw error("missing '}'");
            }
            String body = src.substring(pos + 1, end);
            pos = end + 1;
            String[] nt = body.split(":", 2);
            String name = nt[0].strip();
            String type = nt.length > 1 ? nt[1].strip() : "text";
            if (!name.matches("[A-Za-z][A-Za-z0-9]*")) {
                throw error("slot name '" + name + "' must be letters and digits");
            }
            if (!SLOT_TYPES.containsKey(type)) {
                throw error("unknown slot type '" + type + "' (known: " + String.join(", ", SLOT_TYPES.keySet()) + ")");
            }
            if (seenSlots.contains(name)) {
                throw error("slot '" + name + "' appears twice");
            }
            seenSlots.add(name);
            return new Node.Slot(name, type);
        }

        void skipSpaces() {
            while (pos < src.length() && src.charAt(pos) == ' ') {
                pos++;
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("template \"" + src + "\": " + what + " at column " + (pos + 1));
        }
    }
}
