package dev.opencic.server.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Intent and full-slot accuracy on the held-out utterances ({@code nlu/en/heldout/*.tsv}), which are
 * phrased differently from the templates. Prints every miss, so a failing run says what to fix.
 */
class HeldOutAccuracyTest {

    record Expected(String file, int line, String utterance, String intent, Map<String, String> slots) {}

    @Test
    void templatesUnderstandHeldOutUtterances() throws Exception {
        List<Expected> cases = load();
        assertThat(cases).as("held-out utterances").hasSizeGreaterThanOrEqualTo(1);
        IntentMatcher matcher = IntentMatcher.forLanguage("en");
        int intentRight = 0;
        int allRight = 0;
        List<String> misses = new ArrayList<>();
        Map<String, int[]> byFile = new TreeMap<>(); // utterances, intent right, all right
        for (Expected e : cases) {
            int[] area = byFile.computeIfAbsent(e.file(), f -> new int[3]);
            area[0]++;
            Optional<IntentMatch> m = matcher.match(e.utterance());
            String got = m.map(IntentMatch::intent).orElse("none");
            if (!got.equals(e.intent())) {
                misses.add(e.file() + ":" + e.line() + " \"" + e.utterance() + "\" expected " + e.intent() + " got " + got);
                continue;
            }
            intentRight++;
            area[1]++;
            Map<String, String> slots = new LinkedHashMap<>();
            m.ifPresent(match -> match.slots().forEach((k, v) -> slots.put(k, TextNormalizer.normalize(v))));
            if (slots.equals(e.slots())) {
                allRight++;
                area[2]++;
            } else {
                misses.add(e.file() + ":" + e.line() + " \"" + e.utterance() + "\" slots expected " + e.slots() + " got " + slots);
            }
        }
        double intentAccuracy = 100.0 * intentRight / cases.size();
        double slotAccuracy = 100.0 * allRight / cases.size();
        System.out.printf("held-out: %d utterances, intent accuracy %.1f %%, full-slot accuracy %.1f %%%n",
                cases.size(), intentAccuracy, slotAccuracy);
        System.out.printf("| area | utterances | intent accuracy | full-slot accuracy |%n|---|---|---|---|%n");
        byFile.forEach((file, a) -> System.out.printf("| %s | %d | %.1f %% | %.1f %% |%n",
                file.replace(".tsv", ""), a[0], 100.0 * a[1] / a[0], 100.0 * a[2] / a[0]));
        System.out.printf("| all | %d | %.1f %% | %.1f %% |%n", cases.size(), intentAccuracy, slotAccuracy);
        misses.forEach(miss -> System.out.println("  miss: " + miss));
        assertThat(intentAccuracy).as("intent accuracy; misses:%n%s", String.join("\n", misses)).isGreaterThanOrEqualTo(95.0);
        assertThat(slotAccuracy).as("full-slot accuracy; misses:%n%s", String.join("\n", misses)).isGreaterThanOrEqualTo(90.0);
    }

    static List<Expected> load() throws IOException, URISyntaxException {
        Path dir = Path.of(HeldOutAccuracyTest.class.getResource("/nlu/en/heldout").toURI());
        List<Expected> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    String[] cols = lines.get(i).split("\t");
                    if (cols.length < 2) {
                        throw new IllegalArgumentException(f.getFileName() + ":" + (i + 1) + ": need utterance<TAB>intent");
                    }
                    Map<String, String> slots = new LinkedHashMap<>();
                    if (cols.length > 2 && !cols[2].isBlank()) {
                        for (String kv : cols[2].split(";")) {
                            String[] p = kv.split("=", 2);
                            if (p.length != 2) {
                                throw new IllegalArgumentException(f.getFileName() + ":" + (i + 1) + ": bad slot " + kv);
                            }
                            slots.put(p[0].strip(), TextNormalizer.normalize(p[1]));
                        }
                    }
                    out.add(new Expected(f.getFileName().toString(), i + 1, cols[0].strip(), cols[1].strip(), slots));
                }
            }
        }
        return out;
    }
}
