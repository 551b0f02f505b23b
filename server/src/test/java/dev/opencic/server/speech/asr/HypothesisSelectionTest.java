package dev.opencic.server.speech.asr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.Engines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's N-best candidates and what a {@link HypothesisSelector} does with them, on real speech. */
class HypothesisSelectionTest {

    @TempDir static Path dir;
    static final List<List<String>> seen = new CopyOnWriteArrayList<>();
    /** What the selector under test answers: an index, or -2 to throw. */
    static volatile int answer;
    static PocketSphinxEngine engine;

    @BeforeAll
    static void buildEngine() {
        engine = PocketSphinxEngine.builder()
                .poolSize(1)
                .domainSentences(DomainSentences.sentences())
                .hypothesisSelector(candidates -> {
                    seen.add(new ArrayList<>(candidates));
                    if (answer == -2) {
                        throw new IllegalStateException("selector bug");
                    }
                    return answer == -1 ? candidates.size() - 1 : answer;
                })
                .build();
        Engines.requireRecognizer(engine);
    }

    @AfterAll
    static void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    private static Recognition recognise(String text) throws Exception {
        byte[] pcm = TestAudio.concat(TestAudio.speak(dir, "slt", text), TestAudio.silence(600));
        return Recognition.run(engine, pcm, Recognition.CHUNK_200MS);
    }

    @Test
    void theSelectorSeesDistinctNormalisedCandidatesBestFirst() throws Exception {
        answer = 0;
        seen.clear();
        Recognition r = recognise("remind me to water the plants on sunday");
        assertThat(seen).hasSize(1);
        List<String> candidates = seen.get(0);
        assertThat(candidates).hasSizeGreaterThan(1).doesNotHaveDuplicates();
        assertThat(candidates.get(0)).isEqualTo(r.result.text());
        assertThat(candidates).allSatisfy(c -> assertThat(c).matches("[a-z' ]+").doesNotContain("<", "(", "  "));
        assertThat(r.result.alternatives()).isEqualTo(candidates);
    }

    @Test
    void theChosenCandidateBecomesTheText() throws Exception {
        answer = -1; // the last one
        seen.clear();
        Recognition r = recognise("remind me to water the plants on sunday");
        List<String> candidates = seen.get(0);
        assertThat(candidates).hasSizeGreaterThan(1);
        assertThat(r.result.text()).isEqualTo(candidates.get(candidates.size() - 1))
                .isNotEqualTo(candidates.get(0));
        assertThat(r.result.confidence()).isGreaterThan(0);
    }

    @Test
    void aFailingOrOutOfRangeSelectorKeepsTheBestScoringText() throws Exception {
        for (int a : new int[] {-2, 99, -7}) {
            answer = a;
            seen.clear();
            Recognition r = recognise("remind me to water the plants on sunday");
            assertThat(r.result.alternatives()).hasSizeGreaterThan(1);
            assertThat(r.result.text()).as("selector answering %d", a).isEqualTo(r.result.alternatives().get(0));
        }
        // the decoder is still usable after the selector threw
        answer = 0;
        assertThat(recognise("what time is it").result.text()).isEqualTo("what time is it");
    }

    @Test
    void silenceReachesNoSelector() throws Exception {
        answer = 0;
        seen.clear();
        Recognition r = Recognition.run(engine, TestAudio.silence(2000), Recognition.CHUNK_200MS);
        assertThat(r.result.text()).isEmpty();
        assertThat(r.result.alternatives()).isEmpty();
        assertThat(seen).isEmpty();
    }

    @Test
    void searchOptionsReachTheDecoderAndABadOneMakesTheEngineUnavailableWithTheReason() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PocketSphinxEngine.builder().searchOption("lw", "8"))
                .isInstanceOf(IllegalArgumentException.class);
        try (PocketSphinxEngine bad = PocketSphinxEngine.builder().poolSize(1)
                .domainSentences(List.of("what time is it")).withoutGeneralLanguageModel()
                .searchOption("-no_such_option", "1").build()) {
            assertThat(bad.isAvailable()).isFalse();
            assertThat(bad.unavailableReason()).contains("-no_such_option");
            assertThat(bad.availability()).extracting(a -> ((Availability.Unavailable) a).cause())
                    .isEqualTo(Availability.Cause.INITIALISATION_FAILED);
        }
    }
}
