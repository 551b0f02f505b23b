package dev.opencic.server.extension;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.nlu.Template;
import dev.opencic.server.nlu.TextNormalizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An extension's interaction model, read from the JSON file given to {@code extension add}:
 * <pre>{"invocation": "space facts",
 *  "intents": [{"name": "GetFact", "slots": {"planet": "PLANET"}, "samples": ["tell me about {planet}"]}],
 *  "slotTypes": {"PLANET": ["mars", {"value": "venus", "synonyms": ["the morning star"]}]}}</pre>
 * Samples use the grammar of the server's intent templates ({@code [optional]}, {@code (a|b)}) with
 * {@code {slot}} for a slot named in the intent's {@code slots}. A slot's type is a custom type of
 * {@code slotTypes} (its values and synonyms, the value sent is the canonical one) or a built-in
 * one: {@value #BUILT_IN_TYPES_TEXT}. A mistake is an {@link IllegalArgumentException} naming it.
 */
public final class ExtensionModel {

    static final Set<String> BUILT_IN_TYPES = Set.of("time", "date", "duration", "number", "city", "person");
    static final String BUILT_IN_TYPES_TEXT = "time, date, duration, number, city, person";

    private static final Pattern SLOT = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final Pattern INTENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,99}");
    private static final int MAX_SAMPLES = 2000;

    /** One intent: its slots by name (to their type) and its compiled samples. */
    record Intent(String name, Map<String, String> slotTypes, List<Template> samples) {}

    /** An intent recognised in the user's words, with the raw text of each slot it filled. */
    record Match(Intent intent, Map<String, String> slotTexts) {}

    private final String invocation;
    private final List<Intent> intents;
    /** Custom type -> normalised value or synonym -> canonical value. */
    private final Map<String, Map<String, String>> customTypes;

    private ExtensionModel(String invocation, List<Intent> intents, Map<String, Map<String, String>> customTypes) {
        this.invocation = invocation;
        this.intents = intents;
        this.customTypes = customTypes;
    }

    /** The normalised words that name the extension ("space facts"). */
    public String invocation() {
        return invocation;
    }

    List<Intent> intents() {
        return intents;
    }

    /** The words of a custom type's values and synonyms (normalised); empty for a built-in type. */
    List<String> customWords(String type) {
        Map<String, String> values = customTypes.get(type);
        return values == null ? List.of() : List.copyOf(values.keySet());
    }

    public List<String> intentNames() {
        return intents.stream().map(Intent::name).toList();
    }

    /**
     * Parses a model file's text.
     *
     * @param defaultInvocation the invocation when the file names none (the registered name)
     */
    public static ExtensionModel parse(String json, String defaultInvocation) {
        JsonNode root;
        try {
            root = MessageCodec.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("model is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("model must be a JSON object");
        }
        String invocation = TextNormalizer.normalize(root.hasNonNull("invocation")
                ? text(root.get("invocation"), "invocation") : defaultInvocation.replace('-', ' ').replace('_', ' '));
        if (invocation.isEmpty()) {
            throw new IllegalArgumentException("model: invocation has no words");
        }
        Map<String, Map<String, String>> custom = slotTypes(root.path("slotTypes"));
        JsonNode intentsNode = root.get("intents");
        if (intentsNode == null || !intentsNode.isArray() || intentsNode.isEmpty()) {
            throw new IllegalArgumentException("model: intents must be a non-empty array");
        }
        List<Intent> intents = new ArrayList<>();
        int samples = 0;
        for (JsonNode i : intentsNode) {
            Intent intent = intent(i, custom);
            if (intents.stream().anyMatch(o -> o.name().equals(intent.name()))) {
                throw new IllegalArgumentException("model: intent " + intent.name() + " appears twice");
            }
            samples += intent.samples().size();
            intents.add(intent);
        }
        if (samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("model: more than " + MAX_SAMPLES + " samples");
        }
        return new ExtensionModel(invocation, List.copyOf(intents), custom);
    }

    private static Map<String, Map<String, String>> slotTypes(JsonNode node) {
        Map<String, Map<String, String>> types = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return types;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("model: slotTypes must be an object of type name to values");
        }
        node.fields().forEachRemaining(e -> {
            if (BUILT_IN_TYPES.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("model: slot type " + e.getKey() + " is a built-in type");
            }
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                throw new IllegalArgumentException("model: slot type " + e.getKey() + " needs a non-empty array of values");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (JsonNode v : e.getValue()) {
                String value;
                List<String> words = new ArrayList<>();
                if (v.isTextual()) {
                    value = v.asText();
                } else if (v.isObject() && v.path("value").isTextual()) {
                    value = v.get("value").asText();
                    for (JsonNode s : v.path("synonyms")) {
                        words.add(text(s, "slotTypes." + e.getKey() + " synonym"));
                    }
                } else {
                    throw new IllegalArgumentException("model: a value of slot type " + e.getKey()
                            + " is neither a string nor {\"value\": ..., \"synonyms\": [...]}");
                }
                words.add(value);
                for (String w : words) {
                    String normalized = TextNormalizer.normalize(w);
                    if (!normalized.isEmpty()) {
                        values.putIfAbsent(normalized, value);
                    }
                }
            }
            types.put(e.getKey(), Map.copyOf(values));
        });
        return types;
    }

    private static Intent intent(JsonNode i, Map<String, Map<String, String>> custom) {
        String name = text(i.get("name"), "intent name");
        if (!INTENT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model: bad intent name '" + name + "' (letters, digits, '_', '.')");
        }
        Map<String, String> slots = new LinkedHashMap<>();
        JsonNode slotsNode = i.path("slots");
        if (!slotsNode.isMissingNode() && !slotsNode.isObject()) {
            throw new IllegalArgumentException("model: " + name + ".slots must be an object of slot name to type");
        }
        slotsNode.fields().forEachRemaining(e -> {
            String type = text(e.getValue(), name + ".slots." + e.getKey());
            String builtIn = type.toLowerCase(Locale.ROOT);
            if (BUILT_IN_TYPES.contains(builtIn)) {
                type = builtIn;
            } else if (!custom.containsKey(type)) {
                throw new IllegalArgumentException("model: slot " + name + "." + e.getKey() + " has unknown type "
                        + type + " (built-in: " + BUILT_IN_TYPES_TEXT + ", or one of slotTypes)");
            }
            slots.put(e.getKey(), type);
        });
        JsonNode samplesNode = i.get("samples");
        if (samplesNode == null || !samplesNode.isArray() || samplesNode.isEmpty()) {
            throw new IllegalArgumentException("model: intent " + name + " needs a non-empty samples array");
        }
        List<Template> templates = new ArrayList<>();
        for (JsonNode s : samplesNode) {
            String sample = text(s, name + " sample");
            Matcher m = SLOT.matcher(sample);
            StringBuilder line = new StringBuilder();
            while (m.find()) {
                String slot = m.group(1);
                String type = slots.get(slot);
                if (type == null) {
                    throw new IllegalArgumentException("model: sample '" + sample + "' of " + name
                            + " names slot {" + slot + "}, which its slots do not declare");
                }
                m.appendReplacement(line, Matcher.quoteReplacement("{" + slot + ":" + ("number".equals(type) ? "number" : "text") + "}"));
            }
            m.appendTail(line);
            try {
                templates.add(Template.compile(name, line.toString()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model: sample '" + sample + "' of " + name + ": " + e.getMessage(), e);
            }
        }
        return new Intent(name, Map.copyOf(slots), List.copyOf(templates));
    }

    /**
     * The intent the words ask for: the sample matching all of them whose custom-typed slots hold
     * one of their type's values, the one leaving the fewest characters to slots when several do.
     */
    Optional<Match> match(String utterance) {
        String normalized = TextNormalizer.normalize(utterance);
        Match best = null;
        int bestSlotChars = Integer.MAX_VALUE;
        for (Intent intent : intents) {
            for (Template t : intent.samples()) {
                Map<String, String> slots = t.match(normalized);
                if (slots == null || !customSlotsKnown(intent, slots)) {
                    continue;
                }
                int chars = slots.values().stream().mapToInt(String::length).sum();
                if (chars < bestSlotChars) {
                    best = new Match(intent, slots);
                    bestSlotChars = chars;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private boolean customSlotsKnown(Intent intent, Map<String, String> slots) {
        for (var e : slots.entrySet()) {
            Map<String, String> values = customTypes.get(intent.slotTypes().get(e.getKey()));
            if (values != null && !values.containsKey(TextNormalizer.normalize(e.getValue()))) {
                return false;
            }
        }
        return true;
    }

    /** The canonical value of a custom type's value or synonym, or null when the type is not custom. */
    String canonical(String type, String text) {
        Map<String, String> values = customTypes.get(type);
        return values == null ? null : values.get(TextNormalizer.normalize(text));
    }

    private static String text(JsonNode node, String what) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException("model: " + what + " must be a non-empty string");
        }
        return node.asText();
    }
}
