package dev.opencic.server.speech.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.server.testing.Engines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search keeps the general model's most probable words plus every domain word, however rare. */
class SearchVocabularyTest {

    static final Path GENERAL_LM = PocketSphinxEngine.DEFAULT_MODEL_DIR.resolve("en-us.lm.bin");

    @TempDir Path dir;

    static PocketSphinxNatives.Loaded natives() {
        PocketSphinxNatives.Loaded n = PocketSphinxNatives.load();
        Engines.require(n.isLoaded(), n.failure(), Engines.POCKETSPHINX_PACKAGES);
        Engines.requirePocketSphinxModel();
        return n;
    }

    @Test
    void mostProbableWordsOfTheGeneralModelComeFirst() {
        List<String> words = SearchVocabulary.mostProbableWords(natives().sb(), GENERAL_LM, 30_000);
        assertThat(words).hasSize(30_000).doesNotHaveDuplicates().noneMatch(w -> w.startsWith("<"));
        assertThat(words.subList(0, 10)).contains("the", "to");
        assertThat(words.indexOf("the")).isLessThan(words.indexOf("weather"));
        // ranks in the en-us model: weather ~2,600, osaka ~22,300, hosakawa ~71,300 (of ~72,500)
        assertThat(words).contains("weather", "alarm", "osaka").doesNotContain("hosakawa");
    }

    @Test
    void aMissingLanguageModelIsAnErrorNotACrash() {
        assertThatThrownBy(() -> SearchVocabulary.mostProbableWords(natives().sb(), dir.resolve("none.lm.bin"), 10))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("none.lm.bin");
    }

    @Test
    void dictionaryKeepsTheChosenWordsWithTheirAlternatePronunciations() throws Exception {
        Path full = dir.resolve("full.dict");
        Files.write(full, List.of("read R EH D", "read(2) R IY D", "reader R IY D ER", "red R EH D", "", "weird"),
                StandardCharsets.UTF_8);
        Path out = dir.resolve("search.dict");
        assertThat(SearchVocabulary.writeDictionary(full, Set.of("read", "red"), out)).isEqualTo(3);
        assertThat(Files.readAllLines(out)).containsExactly("read R EH D", "read(2) R IY D", "red R EH D");
    }

    @Test
    void engineSearchesItsDomainWordsHoweverRareInTheGeneralModel() throws Exception {
        natives();
        try (PocketSphinxEngine engine = PocketSphinxEngine.builder().poolSize(1)
                .domainSentences(List.of("what is the weather in osaka", "what time is it"))
                .vocabularySize(2_000)
                .dataDir(dir)
                .build()) {
            Engines.requireRecognizer(engine);
            Set<String> searched = SearchVocabulary.readDictionaryWords(dir.resolve("search-dictionary.dict"));
            // osaka is far outside the 2,000 most probable words: it is there for the domain sentence
            assertThat(searched).contains("osaka", "weather", "the").doesNotContain("hosakawa", "rind");
            assertThat(searched.size()).isBetween(1_900, 2_010);
            byte[] pcm = TestAudio.concat(TestAudio.speak(dir, "slt", "what is the weather in osaka"),
                    TestAudio.silence(500));
            assertThat(Recognition.run(engine, pcm, Recognition.CHUNK_200MS).result.text())
                    .isEqualTo("what is the weather in osaka");
        }
    }

    @Test
    void vocabularySizeZeroSearchesTheWholeDictionary() {
        natives();
        try (PocketSphinxEngine engine = PocketSphinxEngine.builder().poolSize(1)
                .domainSentences(List.of("what time is it")).vocabularySize(0).dataDir(dir).build()) {
            Engines.requireRecognizer(engine);
            assertThat(dir.resolve("search-dictionary.dict")).doesNotExist();
        }
        assertThatThrownBy(() -> PocketSphinxEngine.builder().vocabularySize(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
