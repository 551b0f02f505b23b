package dev.opencic.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.MessageCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a content template against its JSON schema in {@code protocol/src/main/resources/templates/}
 * ({@code <type>.schema.json}, the {@code type} field naming the file). No JSON Schema library
 * resolves offline here, so this reads the subset of draft-07 the schemas use: {@code type}
 * (object, array, string, boolean), {@code properties}, {@code required}, {@code additionalProperties:
 * false}, {@code items}, {@code const}, {@code enum}, {@code anyOf} and {@code $ref} to
 * {@code file#/json/pointer}. A keyword outside that subset fails the check rather than being ignored.
 */
public final class TemplateSchemas {

    private static final List<String> KNOWN = List.of("$schema", "$id", "$comment", "title", "description",
            "definitions", "type", "properties", "required", "additionalProperties", "items", "const", "enum",
            "anyOf", "$ref");
    private static final Map<String, JsonNode> FILES = new ConcurrentHashMap<>();

    private TemplateSchemas() {}

    /** The problems of {@code template} against the schema its {@code type} names; empty when valid. */
    public static List<String> problems(JsonNode template) {
        String type = template.path("type").asText("");
        if (type.isEmpty() || TemplateSchemas.class.getResource("/templates/" + type + ".schema.json") == null) {
            return List.of("no schema for template type '" + type + "'");
        }
        List<String> problems = new ArrayList<>();
        check(template, schema(type + ".schema.json"), type + ".schema.json", "$", problems);
        return problems;
    }

    /** Fails with every problem of {@code template} listed. */
    public static void assertValid(JsonNode template) {
        List<String> problems = problems(template);
        if (!problems.isEmpty()) {
            throw new AssertionError("template " + template.path("type").asText() + " does not match its schema: "
                    + problems + "\n" + template.toPrettyString());
        }
    }

    /** The schema file, parsed once. */
    public static JsonNode schema(String file) {
        return FILES.computeIfAbsent(file, f -> {
            try (InputStream in = TemplateSchemas.class.getResourceAsStream("/templates/" + f)) {
                if (in == null) {
                    throw new IllegalArgumentException("no schema file " + f);
                }
                return MessageCodec.mapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void check(JsonNode value, JsonNode schema, String file, String at, List<String> problems) {
        for (Iterator<String> keys = schema.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KNOWN.contains(key)) {
                problems.add(at + ": schema keyword '" + key + "' is not supported by this validator");
            }
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            int hash = ref.indexOf('#');
            String refFile = hash == 0 ? file : ref.substring(0, hash < 0 ? ref.length() : hash);
            JsonNode target = hash < 0 ? schema(refFile) : schema(refFile).at(ref.substring(hash + 1));
            if (target.isMissingNode()) {
                problems.add(at + ": unresolvable $ref " + ref);
                return;
            }
            check(value, target, refFile, at, problems);
        }
        if (schema.has("anyOf")) {
            boolean any = false;
            for (JsonNode option : schema.get("anyOf")) {
                List<String> optionProblems = new ArrayList<>();
                check(value, option, file, at, optionProblems);
                any |= optionProblems.isEmpty();
            }
            if (!any) {
                problems.add(at + ": matches none of anyOf");
            }
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            problems.add(at + ": expected " + schema.get("const") + ", got " + value);
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode option : schema.get("enum")) {
                listed |= option.equals(value);
            }
            if (!listed) {
                problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("type") && !hasType(value, schema.get("type").asText())) {
            problems.add(at + ": expected " + schema.get("type").asText() + ", got " + value.getNodeType());
            return;
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    problems.add(at + ": missing required field '" + required.asText() + "'");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (properties.has(field.getKey())) {
                    check(field.getValue(), properties.get(field.getKey()), file, at + "." + field.getKey(), problems);
                } else if (schema.path("additionalProperties").isBoolean()
                           && !schema.get("additionalProperties").asBoolean()) {
                    problems.add(at + ": field '" + field.getKey() + "' is not in the schema");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), file, at + "[" + i + "]", problems);
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            default -> throw new IllegalArgumentException("type '" + type + "' is not supported by this validator");
        };
    }
}
