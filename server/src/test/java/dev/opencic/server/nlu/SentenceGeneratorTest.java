package dev.opencic.server.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SentenceGeneratorTest {

    @Test
    void everyAlternativeBecomesASentenceAndSlotsAreFilledFromExamples() throws Exception {
        List<Template> templates = IntentMatcher.parse(new StringReader("""
                == clock.time
                what time is it [now]
                == memo.add
                (note|remember) {content:text}
                == timer.set
                set a timer for {amount:number} minutes
                """), "t");
        List<String> sentences = SentenceGenerator.sentences(templates,
                Map.of("content", List.of("Buy milk", "call mom")), 3);
        assertThat(sentences).contains("what time is it", "what time is it now");
        List<String> memos = sentences.stream()
                .filter(s -> s.startsWith("note ") || s.startsWith("remember ")).toList();
        assertThat(memos).hasSizeGreaterThanOrEqualTo(3)
                .allMatch(s -> s.endsWith(" buy milk") || s.endsWith(" call mom"));
        assertThat(memos).anyMatch(s -> s.endsWith("buy milk")).anyMatch(s -> s.endsWith("call mom"));
        assertThat(sentences).noneMatch(s -> s.contains("{"));
        assertThat(sentences).noneMatch(s -> s.startsWith("set a timer"));
        // every generated sentence is understood as its own intent: one source of truth
        IntentMatcher matcher = new IntentMatcher(templates);
        assertThat(sentences).allSatisfy(s -> assertThat(matcher.match(s)).isPresent());
    }

    @Test
    void theShippedTemplatesProduceACorpus() {
        List<String> sentences = SentenceGenerator.sentences(IntentMatcher.forLanguage("en").templates(), Map.of(), 5);
        assertThat(sentences).hasSizeGreaterThan(50).contains("what time is it");
    }
}
