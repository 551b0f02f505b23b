package dev.opencic.server.nlu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sentences the intent templates accept, with slots filled from example values: the training
 * text for the speech recogniser's domain language model, so recognition and understanding share
 * one source of truth. A slot without examples keeps its template sentences out of the corpus
 * rather than teaching the model a placeholder.
 */
public final class SentenceGenerator {

    private SentenceGenerator() {}

    /**
     * The speech recogniser's domain corpus for a language: every template sentence, with slots
     * filled from the language's {@link SlotExamples}.
     */
    public static List<String> recognizerCorpus(IntentMatcher matcher, String lang) {
        return recognizerCorpus(matcher, SlotExamples.forLanguage(lang));
    }

    /** The recogniser's domain corpus with the given slot examples (the server adds its modules' own). */
    public static List<String> recognizerCorpus(IntentMatcher matcher, Map<String, List<String>> examples) {
        return sentences(matcher.templates(), examples, 20);
    }

    /**
     * The recogniser's domain corpus with a household's own names: the corpus above, and every
     * sentence {@link PersonalWords} makes with a name, each said once in a command that takes it.
     */
    public static List<String> recognizerCorpus(IntentMatcher matcher, Map<String, List<String>> examples,
                                                PersonalWords words, String lang) {
        List<String> out = new ArrayList<>(recognizerCorpus(matcher, examples));
        words.slotExamples(lang).forEach((slot, values) ->
                out.addAll(sentencesWith(matcher.templates(), slot, values, examples)));
        return out;
    }

    /**
     * One sentence for each of {@code values}: the template sentences with {@code slot} take them in
     * turn, their other slots filled from {@code fillers}. Unlike the cycling of {@link #sentences},
     * no value is skipped however many there are.
     */
    public static List<String> sentencesWith(List<Template> templates, String slot, List<String> values,
                                             Map<String, List<String>> fillers) {
        String marker = "{" + slot + "}";
        List<List<String>> frames = new ArrayList<>();
        for (Template t : templates) {
            for (List<String> words : t.expansions()) {
                if (words.contains(marker)) {
                    frames.add(words);
                }
            }
        }
        List<String> out = new ArrayList<>();
        if (frames.isEmpty()) {
            return out;
        }
        Map<String, List<String>> withValue = new HashMap<>(fillers);
        // a stride through the commands, so that a few values still meet several wordings of them
        int stride = frames.size() % 7 == 0 ? 1 : 7;
        for (int i = 0; i < values.size(); i++) {
            withValue.put(slot, List.of(values.get(i)));
            String sentence = fill(frames.get(i * stride % frames.size()), withValue, i);
            if (sentence != null) {
                out.add(sentence);
            }
        }
        return out;
    }

    /**
     * @param fillers example values by slot name (e.g. {@code content} → memo texts)
     * @param perSlotTemplate how many filled sentences to make from each sentence with slots; the
     *                        fillers are cycled so every example is used across the corpus
     */
    public static List<String> sentences(List<Template> templates, Map<String, List<String>> fillers,
                                         int perSlotTemplate) {
        Set<String> out = new LinkedHashSet<>();
        for (Template t : templates) {
            // Each template cycles through the examples from a start of its own, so adding or moving
            // another template does not change which values fill this one (with one counter for the
            // whole list, a new weather template moved "every day at eight am" out of the reminders'
            // sentences and the recogniser heard "nine").
            int cycle = Math.floorMod(t.source().hashCode(), 1 << 16);
            for (List<String> words : t.expansions()) {
                if (!words.stream().anyMatch(SentenceGenerator::isSlot)) {
                    out.add(String.join(" ", words));
                    continue;
                }
                for (int i = 0; i < perSlotTemplate; i++) {
                    String sentence = fill(words, fillers, cycle++);
                    if (sentence == null) {
                        break;
                    }
                    out.add(sentence);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static String fill(List<String> words, Map<String, List<String>> fillers, int n) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            String value = w;
            if (isSlot(w)) {
                List<String> examples = fillers.get(w.substring(1, w.length() - 1));
                if (examples == null || examples.isEmpty()) {
                    return null;
                }
                value = TextNormalizer.normalize(examples.get(Math.floorMod(n * 7 + sb.length(), examples.size())));
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(value);
        }
        return sb.toString();
    }

    private static boolean isSlot(String word) {
        return word.length() > 2 && word.charAt(0) == '{' && word.charAt(word.length() - 1) == '}';
    }
}
