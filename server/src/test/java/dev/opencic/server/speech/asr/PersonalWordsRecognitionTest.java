package dev.opencic.server.speech.asr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.nlu.PersonalWords;
import dev.opencic.server.nlu.SentenceGenerator;
import dev.opencic.server.nlu.SlotExamples;
import dev.opencic.server.speech.TemplateHypothesisSelector;
import dev.opencic.server.testing.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A household's names, registered as the server's {@code asr-words} file does, are heard in
 * dictation: two engines built as the server builds them differ only in the registered names, and
 * the names (in neither the dictionary nor the slot examples) are recognised by the second only.
 */
class PersonalWordsRecognitionTest {

    @TempDir Path dir;

    static final String NAMES = "person kwabena\nperson thandiwe\nplace ravensworth\n";
    static final List<String> SPOKEN = List.of(
            "remind me to call kwabena about the car",
            "add lunch with thandiwe on friday to my calendar",
            "take a note that the parcel is at ravensworth");

    @Test
    void registeredNamesAreHeardAndTheSentencesAroundThemGoRight() throws Exception {
        // Without registration the names cannot come out at all (no dictionary has them), so what is
        // compared is the whole sentence: a misheard name drags its neighbours down with it.
        List<String> without = recognise(PersonalWords.none());
        List<String> with = recognise(words(NAMES));
        double werWithout = 0;
        double werWith = 0;
        for (int i = 0; i < with.size(); i++) {
            String name = List.of("kwabena", "thandiwe", "ravensworth").get(i % 3);
            assertThat(with.get(i)).as("with the names registered").contains(name);
            werWithout += Recognition.wer(SPOKEN.get(i % 3), without.get(i));
            werWith += Recognition.wer(SPOKEN.get(i % 3), with.get(i));
        }
        System.out.printf("word error rate over the six utterances: %.2f without the names, %.2f with them%n",
                werWithout / with.size(), werWith / with.size());
        assertThat(werWith).isLessThan(werWithout / 2);
        assertThat(with.subList(0, 3)).as("slt, every word").isEqualTo(SPOKEN);
    }

    @Test
    void aPronunciationReplacesTheDictionarysOwn() throws Exception {
        // "niamh" is in the CMU dictionary as N AY AH M; the library refuses to add a word twice,
        // so a household's correction must replace the entry, not join it
        Engines.requirePocketSphinxModel();
        IntentMatcher intents = IntentMatcher.forLanguage("en");
        PersonalWords words = words("person niamh = N IY V\n");
        try (PocketSphinxEngine engine = PocketSphinxEngine.builder().poolSize(1)
                .domainSentences(SentenceGenerator.recognizerCorpus(intents, SlotExamples.forLanguage("en"), words, "en"))
                .pronunciations(words.pronunciations())
                .build()) {
            assertThat(engine.isAvailable()).as(engine.unavailableReason()).isTrue();
            assertThat(engine.addedWords()).containsEntry("niamh", "N IY V").containsEntry("niamh's", "N IY V Z");
            byte[] pcm = TestAudio.concat(TestAudio.speak(dir, "slt", "remind me to call neve about the car"),
                    TestAudio.silence(600));
            assertThat(Recognition.run(engine, pcm, Recognition.CHUNK_200MS).result.text()).contains("niamh");
        }
    }

    private PersonalWords words(String text) throws Exception {
        return PersonalWords.read(Files.writeString(dir.resolve("words.txt"), text));
    }

    /** The recognised text of SPOKEN in slt's then rms's voice. */
    private List<String> recognise(PersonalWords words) throws Exception {
        IntentMatcher intents = IntentMatcher.forLanguage("en");
        List<String> out = new ArrayList<>();
        try (PocketSphinxEngine engine = PocketSphinxEngine.builder()
                .poolSize(1)
                .domainSentences(SentenceGenerator.recognizerCorpus(intents, SlotExamples.forLanguage("en"), words, "en"))
                .pronunciations(words.pronunciations())
                .hypothesisSelector(new TemplateHypothesisSelector(intents))
                .build()) {
            if (words.isEmpty()) {
                Engines.requireRecognizer(engine);
            } else {
                assertThat(engine.isAvailable()).as(engine.unavailableReason()).isTrue();
            }
            for (String voice : List.of("slt", "rms")) {
                for (String text : SPOKEN) {
                    byte[] pcm = TestAudio.concat(TestAudio.speak(dir, voice, text), TestAudio.silence(600));
                    String hyp = Recognition.run(engine, pcm, Recognition.CHUNK_200MS).result.text();
                    System.out.printf("  %s %s '%s' -> '%s'%n", words.isEmpty() ? "without" : "with", voice, text, hyp);
                    out.add(hyp);
                }
            }
        }
        return out;
    }
}
