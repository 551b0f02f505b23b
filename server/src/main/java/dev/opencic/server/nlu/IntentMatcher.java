package dev.opencic.server.nlu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.ArrayList;
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

    /** Utterances of more words than this are matched word for word only. */
    static final int MAX_ALIGNED_WORDS = 40;

    private final List<Template> templates;
    private final FuzzyMatcher fuzzy;

    public IntentMatcher(List<Template> templates) {
        this(templates, Map.of());
    }

    /**
     * @param slotExamples example values by slot name ({@link SlotExamples}): a slot taking one of
     *                     its examples is more likely right, one taking another slot's less
     */
    public IntentMatcher(List<Template> templates, Map<String, List<String>> slotExamples) {
        this.templates = List.copyOf(templates);
        this.fuzzy = new FuzzyMatcher(this.templates, slotExamples);
    }

    /** Loads {@code /nlu/<lang>/intents.txt} and its slot examples from the classpath. */
    public static IntentMatcher forLanguage(String lang) {
        String resource = "/nlu/" + lang + "/intents.txt";
        try (InputStream in = IntentMatcher.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no intent templates for language " + lang);
            }
            return new IntentMatcher(parse(new InputStreamReader(in, StandardCharsets.UTF_8), resource),
                    SlotExamples.forLanguage(lang));
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

    /**
     * The intent of an utterance: the template that aligns best with it, with confidence 1.0 when
     * that template matches it word for word; nothing when no template aligns well enough. Beyond
     * {@link #MAX_ALIGNED_WORDS} words, the most literal template matching it word for word.
     */
    public Optional<IntentMatch> match(String utterance) {
        return match(utterance, Set.of());
    }

    /**
     * {@link #match(String)} among the intents other than {@code without}: what the words mean once
     * the skill of the best match has declined them (see {@code Skill.takes}).
     */
    public Optional<IntentMatch> match(String utterance, Set<String> without) {
        String normalized = TextNormalizer.normalize(utterance);
        if (normalized.isEmpty()) {
            return Optional.empty();
        }
        if (normalized.chars().filter(c -> c == ' ').count() >= MAX_ALIGNED_WORDS) {
            // Aligning grows with the square of the length: a long dictation only matches word for word.
            return Optional.ofNullable(exact(normalized, without));
        }
        return Optional.ofNullable(fuzzy.match(normalized, without));
    }

    /** The template matching the whole utterance with the fewest characters in slots, or null. */
    private IntentMatch exact(String normalized, Set<String> without) {
        IntentMatch best = null;
        int bestSlotChars = Integer.MAX_VALUE;
        for (Template t : templates) {
            if (without.contains(t.intent())) {
                continue;
            }
            Map<String, String> slots = t.match(normalized);
            if (slots != null) {
                int slotChars = slots.values().stream().mapToInt(String::length).sum();
                if (slotChars < bestSlotChars) {
                    best = new IntentMatch(t.intent(), slots, 1.0, t.source());
                    bestSlotChars = slotChars;
                }
            }
        }
        return best;
    }

    /**
     * Whether one of {@code intent}'s templates matches the utterance word for word, slots taking
     * the rest. The fuzzy score of such a match can be low (long slot values cost), yet the user
     * said the template's words: a stronger sign of the intent than the score.
     */
    public boolean matchesWordForWord(String intent, String utterance) {
        String normalized = TextNormalizer.normalize(utterance);
        for (Template t : templates) {
            if (t.intent().equals(intent) && t.match(normalized) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a slot's example values form a closed vocabulary (times, durations: few words that
     * recur), so that a value with other words in it is probably misheard; open slots (places, names,
     * memo texts) take any words.
     */
    public boolean closedVocabularySlot(String slot) {
        return fuzzy.closedSlot(slot);
    }

    /** The best few alignments with their scores, for diagnosing a miss. */
    List<String> explain(String utterance, int k) {
        return fuzzy.explain(TextNormalizer.normalize(utterance), k);
    }
}
