package dev.opencic.server.speech.asr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.nlu.IntentMatch;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.nlu.SentenceGenerator;
import dev.opencic.server.nlu.SlotExamples;
import dev.opencic.server.nlu.Template;
import dev.opencic.server.speech.TemplateHypothesisSelector;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.SpokenRequests;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One source of truth, end to end: a line added to the server's own {@code nlu/en/intents.txt}, with
 * nothing else changed, makes the recogniser hear that phrasing and the text path understand it. Both
 * sides are built as the server builds them (templates → {@link SentenceGenerator#recognizerCorpus}
 * → domain trigram interpolated with en-us; the same matcher parses and picks among N-best texts).
 */
class IntentTemplateTeachesRecognizerTest {

    static final String INTENT = "clock.time";
    static final List<String> VOICES = List.of("slt", "rms", "awb", "kal16");

    /** Template lines the shipped file lacks, each with what a user says. */
    static final List<List<String>> NEW_LINES = List.of(
            List.of("what does the clock say", "what does the clock say"),
            List.of("time check [please]", "time check please"));

    @Test
    void aTemplateAddedToTheIntentFileTeachesTheRecognizerItsPhrasing() throws Exception {
        String shipped = shippedTemplates();
        List<String> spoken = NEW_LINES.stream().map(l -> l.get(1)).toList();
        Outcome before = recognise(shipped, spoken);
        for (List<String> line : NEW_LINES) {
            assertThat(before.exactByText.get(line.get(1))).as("'%s' heard right by some voice only, if any, "
                    + "before its template", line.get(1)).isLessThan(VOICES.size());
            String withLine = shipped.replace("== " + INTENT + "\n", "== " + INTENT + "\n" + line.get(0) + "\n");
            assertThat(withLine).as("the intent is in the file").isNotEqualTo(shipped);
            Outcome after = recognise(withLine, List.of(line.get(1)));
            System.out.printf("'%s' added: heard word for word %d of %d, understood as %s %d of %d%n",
                    line.get(0), after.exact(), after.total, INTENT, after.understood, after.total);
            assertThat(after.exact()).as("'%s' heard word for word by every voice", line.get(1)).isEqualTo(after.total);
            assertThat(after.understood).as("and understood").isEqualTo(after.total);
        }
    }

    /** Utterances heard word for word, by spoken text; understood as {@link #INTENT}; in all. */
    record Outcome(Map<String, Integer> exactByText, int understood, int total) {
        int exact() {
            return exactByText.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static Outcome recognise(String intentsFile, List<String> spoken) throws Exception {
        List<Template> templates = IntentMatcher.parse(new StringReader(intentsFile), "intents.txt");
        IntentMatcher matcher = new IntentMatcher(templates, SlotExamples.forLanguage("en"));
        List<String> corpus = SentenceGenerator.recognizerCorpus(matcher, SlotExamples.forLanguage("en"));
        try (PocketSphinxEngine engine = PocketSphinxEngine.builder().poolSize(1).domainSentences(corpus)
                .hypothesisSelector(new TemplateHypothesisSelector(matcher)).build()) {
            Engines.requireRecognizer(engine);
            int understood = 0;
            int total = 0;
            Map<String, Integer> exactByText = new HashMap<>();
            for (String voice : VOICES) {
                for (String text : spoken) {
                    byte[] pcm = TestAudio.concat(TestAudio.silence(500), SpokenRequests.pcm(voice, text),
                            TestAudio.silence(800));
                    String heard = Recognition.run(engine, pcm, Recognition.CHUNK_200MS).result.text();
                    boolean ok = matcher.match(heard).map(IntentMatch::intent).filter(INTENT::equals).isPresent();
                    System.out.printf("  %s '%s' -> '%s'%s%n", voice, text, heard, ok ? "" : " (not " + INTENT + ")");
                    exactByText.merge(text, heard.equals(text) ? 1 : 0, Integer::sum);
                    understood += ok ? 1 : 0;
                    total++;
                }
            }
            return new Outcome(exactByText, understood, total);
        }
    }

    private static String shippedTemplates() throws Exception {
        try (InputStream in = IntentMatcher.class.getResourceAsStream("/nlu/en/intents.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
