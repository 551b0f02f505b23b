package dev.opencic.server.speech.asr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.Engines;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opt-in energy endpointing (off by default, measured in docs/benchmarks-asr.md, issue 24
 * session 3) on the real engine: a command after a lead of noise is recognised without the invented
 * onset word and ends once, after the talker; steady noise alone is not speech.
 */
class EnergyEndpointingEngineTest {

    static PocketSphinxEngine engine;
    @TempDir static Path dir;

    @BeforeAll
    static void buildEngine() {
        engine = PocketSphinxEngine.builder().poolSize(1).domainSentences(DomainSentences.sentences())
                .energyEndpointing(true).build();
        Engines.requireRecognizer(engine);
    }

    @AfterAll
    static void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aCommandAfterLeadNoiseIsRecognisedAndEndsOnceAfterTheTalker() throws Exception {
        byte[] spoken = TestAudio.speak(dir, "slt", "turn down the volume");
        long lastVoiced = 700 + TestAudio.lastVoicedMillis(spoken);
        // 0.7 s of steady noise 30 dB under the speech before the talker, silence after
        byte[] pcm = TestAudio.concat(TestAudio.noise(700, -50, 11), spoken, TestAudio.silence(2000));
        Recognition r = Recognition.run(engine, pcm, Recognition.CHUNK_200MS);
        assertThat(r.result.text()).isEqualTo("turn down the volume");
        assertThat(r.result.speechDetected()).isTrue();
        assertThat(r.updates.stream().filter(RecognitionUpdate::endOfSpeech).count()).isEqualTo(1);
        assertThat(r.endOfSpeechAtMillis).isGreaterThan(lastVoiced - 100).isLessThanOrEqualTo(lastVoiced + 1000);
    }

    @Test
    void steadyNoiseAloneIsNotSpeech() throws Exception {
        Recognition r = Recognition.run(engine, TestAudio.noise(3000, -35, 12), Recognition.CHUNK_200MS);
        assertThat(r.updates).noneMatch(RecognitionUpdate::speechStarted);
        assertThat(r.updates).noneMatch(RecognitionUpdate::endOfSpeech);
        assertThat(r.result.speechDetected()).isFalse();
        assertThat(r.result.text()).isEmpty();
    }
}
