package dev.opencic.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.nlu.SentenceGenerator;
import dev.opencic.server.skill.SkillModule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recogniser's domain sentences: templates with slot examples, plus what skill modules add. */
class RecognizerSentencesTest {

    private final IntentMatcher intents = IntentMatcher.forLanguage("en");

    @Test
    void modulesAddTheirOwnSentencesAfterTheTemplates() {
        SkillModule music = new SkillModule() {
            @Override
            public List<String> recognizerSentences() {
                return List.of("play something by coldplay", "play the album parachutes");
            }
        };
        List<String> templates = SentenceGenerator.recognizerCorpus(intents, "en");

        List<String> all = CicServer.recognizerSentences(intents, List.of(music, new SkillModule() {}), "en");

        assertThat(all).startsWith(templates.toArray(String[]::new))
                .endsWith("play something by coldplay", "play the album parachutes")
                .hasSize(templates.size() + 2);
    }

    @Test
    void aModuleThatFailsDoesNotStopTheServer() {
        SkillModule broken = new SkillModule() {
            @Override
            public List<String> recognizerSentences() {
                throw new IllegalStateException("library not scanned");
            }
        };
        SkillModule fine = new SkillModule() {
            @Override
            public List<String> recognizerSentences() {
                return List.of("play radiohead");
            }
        };

        List<String> all = CicServer.recognizerSentences(intents, List.of(broken, fine), "en");

        assertThat(all).contains("play radiohead")
                .hasSize(SentenceGenerator.recognizerCorpus(intents, "en").size() + 1);
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
}
