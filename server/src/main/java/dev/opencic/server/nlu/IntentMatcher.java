package dev.opencic.server.nlu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the intent of an utterance from the intent templates: an exact template match first (the
 * most literal template wins when several match), then, for templates without slots, the closest
 * sentence by word edit distance, so small wording and recognition differences still land.
 */
public final class IntentMatcher {

    /** Below this similarity a near miss is not trusted and the utterance is not understood. */
    static final double MIN_SIMILARITY = 0.7;

    private final List<Template> templates;

    public IntentMatcher(List<Template> templates) {
        this.templates = List.copyOf(templates);
    }

    /** Loads {@code /nlu/<lang>/intents.txt} from the classpath. */
    public static IntentMatcher forLanguage(String lang) {
        String resource = "/nlu/" + lang + "/intents.txt";
        try (InputStream in = IntentMatcher.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no intent templates for language " + lang);
            }
            return new IntentMatcher(parse(new InputStreamReader(in, StandardCharsets.UTF_8), resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a template file; errors name the file and line. */
    public static List<Template> parse(Reader reader, String name) throws IOException {
        List<Template> out = new ArrayList<>();
        BufferedReader in = new BufferedReader(reader);
        String intent = null;
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("==")) {
                intent = line.substring(2).strip();
                if (!intent.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+")) {
                    throw new IllegalArgumentException(name + ":" + lineNo + ": bad intent name '" + intent
                            + "' (expected e.g. clock.time)");
                }
                continue;
            }
            if (intent == null) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": template before any '== intent' line");
            }
            try {
                out.add(Template.compile(intent, line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    public List<Template> templates() {
        return templates;
    }

    public Optional<IntentMatch> match(String utterance) {
        String normalized = TextNormalizer.normalize(utterance);
        if (normalized.isEmpty()) {
            return Optional.empty();
        }
        IntentMatch best = null;
        int bestSlotChars = Integer.MAX_VALUE;
        for (Template t : templates) {
            Map<String, String> slots = t.match(normalized);
            if (slots != null) {
                int slotChars = slots.values().stream().mapToInt(String::length).sum();
                if (slotChars < bestSlotChars) {
                    best = new IntentMatch(t.intent(), slots, 1.0, t.source());
                    bestSlotChars = slotChars;
                }
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        return nearest(Arrays.asList(normalized.split(" ")));
    }

    private Optional<IntentMatch> nearest(List<String> words) {
        Template bestTemplate = null;
        double bestSimilarity = 0;
        for (Template t : templates) {
            if (t.hasSlots()) {
                continue; // a near miss cannot tell where a slot's words begin and end
            }
            for (List<String> sentence : t.expansions()) {
                double s = similarity(words, sentence);
                if (s > bestSimilarity) {
                    bestSimilarity = s;
                    bestTemplate = t;
                }
            }
        }
        if (bestTemplate == null || bestSimilarity < MIN_SIMILARITY) {
            return Optional.empty();
        }
        return Optional.of(new IntentMatch(bestTemplate.intent(), Map.of(), bestSimilarity * 0.9,
                bestTemplate.source()));
    }

    /** 1 minus the word-level edit distance over the longer length. */
    static double similarity(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        if (n == 0 || m == 0) {
            return 0;
        }
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            for (int j = 1; j <= m; j++) {
                int cost = a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return 1.0 - (double) prev[m] / Math.max(n, m);
    }
}
