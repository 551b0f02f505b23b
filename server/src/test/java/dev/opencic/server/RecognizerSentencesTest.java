package dev.opencic.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.nlu.SentenceGenerator;
import dev.opencic.server.nlu.SlotExamples;
import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.skill.SkillModule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recogniser's domain sentences: templates with slot examples, plus the names skill modules know. */
class RecognizerSentencesTest {

    private final IntentMatcher intents = IntentMatcher.forLanguage("en");

    @Test
    void modulesAddTheirOwnNamesToTheSlotExamples() {
        SkillModule music = new SkillModule() {
            @Override
            public Map<String, List<String>> slotExamples() {
                return Map.of("artist", List.of("coldplay"), "album", List.of("parachutes"));
            }
        };
        Map<String, List<String>> examples = SpeechEngines.slotExamples("en", List.of(music, new SkillModule() {}));

        assertThat(examples.get("artist")).contains("coldplay");
        assertThat(examples.get("album")).contains("parachutes");
        assertThat(SentenceGenerator.recognizerCorpus(intents, examples)).anyMatch(s -> s.contains("coldplay"));
        assertThat(SentenceGenerator.recognizerCorpus(intents, "en")).noneMatch(s -> s.contains("coldplay"));
    }

    @Test
    void aModuleThatFailsDoesNotStopTheServer() {
        SkillModule broken = new SkillModule() {
            @Override
            public Map<String, List<String>> slotExamples() {
                throw new IllegalStateException("library not scanned");
            }
        };
        SkillModule fine = new SkillModule() {
            @Override
            public Map<String, List<String>> slotExamples() {
                return Map.of("artist", List.of("radiohead"));
            }
        };

        assertThat(SpeechEngines.slotExamples("en", List.of(broken, fine)).get("artist")).contains("radiohead");
    }

    @Test
    void slotExamplesPutTheFreeTextIntentsIntoTheModel() {
        // memo, reminder and calendar sentences carry free-text slots: without examples for them the
        // generator leaves them out, and dictation is recognised with the general model alone
        List<String> all = SentenceGenerator.recognizerCorpus(intents, "en");

        assertThat(all).anyMatch(s -> s.startsWith("take a note that "));
        assertThat(all).anyMatch(s -> s.startsWith("remind me to "));
        assertThat(all).anyMatch(s -> s.endsWith(" to my calendar"));
        assertThat(all).anyMatch(s -> s.startsWith("what's on my calendar "));
    }

    @Test
    void everyDictationExampleReachesTheModel() {
        // the free-text examples are what the model knows of everyday dictation: one the cycling
        // skipped would be text written for nothing
        Map<String, List<String>> examples = SlotExamples.forLanguage("en");
        List<String> all = SentenceGenerator.recognizerCorpus(intents, examples);

        for (String slot : List.of("memo", "reminder", "event")) {
            assertThat(examples.get(slot)).as(slot).hasSizeGreaterThan(150);
            for (String example : examples.get(slot)) {
                String words = TextNormalizer.normalize(example);
                assertThat(all).as("{%s} example '%s'", slot, example).anyMatch(s -> s.contains(words));
            }
        }
    }
}
