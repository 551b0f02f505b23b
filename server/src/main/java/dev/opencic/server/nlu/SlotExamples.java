package dev.opencic.server.nlu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Example values for slots, by slot name, from {@code nlu/<lang>/slot-examples.txt}: what people
 * put in a memo, a reminder's subject, an artist's name. {@link SentenceGenerator} fills the
 * templates with them to teach the speech recogniser realistic sentences; a slot without examples
 * keeps its sentences out of the language model.
 */
public final class SlotExamples {

    private SlotExamples() {}

    /** The examples for a language; empty when the language has no examples file. */
    public static Map<String, List<String>> forLanguage(String lang) {
        String resource = "/nlu/" + lang + "/slot-examples.txt";
        try (InputStream in = SlotExamples.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Map.of();
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, List<String>> parse(BufferedReader in, String name) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("==")) {
                current = out.computeIfAbsent(line.substring(2).strip(), k -> new ArrayList<>());
            } else if (current == null) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": example before any '== slot' line");
            } else {
                current.add(line);
            }
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(out);
    }
}
