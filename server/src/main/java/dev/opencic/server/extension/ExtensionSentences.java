package dev.opencic.server.extension;

import dev.opencic.server.nlu.SentenceGenerator;
import dev.opencic.server.nlu.SlotExamples;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What users say to the registered extensions, for the speech recogniser's language model: the
 * invocations ("open space facts", "ask space facts"), each intent's samples with their slots
 * filled (a custom type's values and synonyms, a built-in type's examples), and samples after
 * "ask/tell NAME". Capped per extension so that one large model cannot crowd out the built-in
 * sentences.
 */
final class ExtensionSentences {

    static final int MAX_PER_EXTENSION = 400;
    /**
     * How often the invocations are repeated: among the ~50,000 built-in sentences once would leave
     * "open NAME" too unlikely for a name the general model does not know.
     */
    private static final int INVOCATION_REPEATS = 50;
    private static final int FILLS_PER_SAMPLE = 3;
    private static final int ROUTED_SAMPLES = 30;

    /** Built-in slot type → the slot examples (nlu/en/slot-examples.txt) that fill it. */
    private static final Map<String, String> EXAMPLES_OF = Map.of("time", "time", "date", "day",
            "duration", "duration", "city", "place");
    private static final Map<String, List<String>> FALLBACK = Map.of(
            "number", List.of("one", "two", "three", "five", "ten", "twenty"),
            "person", List.of("bob", "alice", "mom", "john", "sarah"),
            "time", List.of("seven pm", "noon", "eight thirty"),
            "date", List.of("tomorrow", "friday", "today"),
            "duration", List.of("two hours", "ten minutes"),
            "city", List.of("paris", "london", "tokyo"));

    private ExtensionSentences() {}

    static List<String> of(List<ExtensionModel> models, String language) {
        Map<String, List<String>> examples = SlotExamples.forLanguage(language);
        Set<String> out = new LinkedHashSet<>();
        for (ExtensionModel m : models) {
            out.addAll(of(m, examples));
        }
        List<String> weighted = new ArrayList<>(out);
        for (ExtensionModel m : models) {
            for (int i = 1; i < INVOCATION_REPEATS; i++) {
                weighted.add("open " + m.invocation());
                weighted.add("open " + m.invocation() + " please");
                weighted.add("ask " + m.invocation());
            }
        }
        return List.copyOf(weighted);
    }

    private static List<String> of(ExtensionModel model, Map<String, List<String>> examples) {
        String name = model.invocation();
        Set<String> out = new LinkedHashSet<>();
        for (String verb : List.of("open", "ask", "tell", "launch", "start")) {
            out.add(verb + " " + name);
        }
        List<String> samples = new ArrayList<>();
        for (ExtensionModel.Intent intent : model.intents()) {
            Map<String, List<String>> fillers = new HashMap<>();
            intent.slotTypes().forEach((slot, type) -> fillers.put(slot, values(model, type, examples)));
            samples.addAll(SentenceGenerator.sentences(intent.samples(), fillers, FILLS_PER_SAMPLE));
        }
        for (int i = 0; i < samples.size() && out.size() < MAX_PER_EXTENSION; i++) {
            String sample = samples.get(i);
            out.add(sample);
            if (i < ROUTED_SAMPLES) {
                out.add("ask " + name + " " + sample);
                out.add("ask " + name + " about " + sample);
                out.add("tell " + name + " " + sample);
            }
        }
        return List.copyOf(out).subList(0, Math.min(out.size(), MAX_PER_EXTENSION));
    }

    private static List<String> values(ExtensionModel model, String type, Map<String, List<String>> examples) {
        List<String> custom = model.customWords(type);
        if (!custom.isEmpty()) {
            return custom;
        }
        List<String> known = examples.get(EXAMPLES_OF.getOrDefault(type, type));
        return known != null && !known.isEmpty() ? known : FALLBACK.getOrDefault(type, List.of("something"));
    }

}
