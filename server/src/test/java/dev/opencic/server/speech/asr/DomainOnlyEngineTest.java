package dev.opencic.server.speech.asr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.Engines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smaller configuration: the domain trigram without the general en-us model. */
class DomainOnlyEngineTest {

    @TempDir Path dir;

    @Test
    void recognisesTemplatedCommandsWithLessMemory() throws Exception {
        try (PocketSphinxEngine engine = PocketSphinxEngine.builder().poolSize(1)
                .domainSentences(DomainSentences.sentences()).withoutGeneralLanguageModel().build()) {
            Engines.requireRecognizer(engine);
            System.out.printf("domain LM only: decoder init %d ms, ~%d MB native heap per decoder%n",
                    engine.decoderInitTime().toMillis(), engine.memoryPerDecoderBytes() / (1024 * 1024));
            byte[] pcm = TestAudio.concat(TestAudio.speak(dir, "slt", "what time is it"), TestAudio.silence(500));
            assertThat(Recognition.run(engine, pcm, Recognition.CHUNK_200MS).result.text()).isEqualTo("what time is it");
            assertThat(engine.memoryPerDecoderBytes()).isPositive().isLessThan(80L * 1024 * 1024);
        }
    }

    @Test
    void aClosedEngineIsUnavailableRefusesSessionsAndDeletesItsTemporaryFiles() {
        PocketSphinxEngine engine = PocketSphinxEngine.builder().poolSize(1)
                .domainSentences(List.of("what time is it")).withoutGeneralLanguageModel().build();
        Engines.requireRecognizer(engine);
        Path trigram = engine.domainLanguageModel().orElseThrow();
        assertThat(trigram).isRegularFile();

        engine.close();

        assertThat(engine.isAvailable()).isFalse();
        assertThat(engine.unavailableReason()).isEqualTo("the speech recognition engine is closed");
        assertThat(engine.availability()).isEqualTo(new Availability.Unavailable(
                Availability.Cause.CLOSED, "the speech recognition engine is closed"));
        assertThat(engine.open("en", Duration.ofSeconds(1))).failsWithin(Duration.ofSeconds(1))
                .withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOf(RecognizerUnavailableException.class).withMessage("the speech recognition engine is closed");
        assertThat(trigram).doesNotExist();
        assertThat(trigram.getParent()).as("the temporary directory").doesNotExist();
    }

    @Test
    void noLanguageModelAtAllIsReportedNotThrown() {
        try (PocketSphinxEngine engine = PocketSphinxEngine.builder().withoutGeneralLanguageModel().build()) {
            assertThat(engine.isAvailable()).isFalse();
            assertThat(engine.unavailableReason()).contains("no language model");
            assertThat(engine.availability()).extracting(a -> ((Availability.Unavailable) a).cause())
                    .isEqualTo(Availability.Cause.NO_LANGUAGE_MODEL);
        }
    }
}
