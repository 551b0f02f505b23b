package dev.opencic.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.server.config.ConfigLoader;
import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.nlu.PersonalWords;
import dev.opencic.server.speech.asr.SpeechRecognitionEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code asr-engine} picks the recognition engine without any dialogue code knowing which. */
class SpeechEnginesTest {

    @TempDir
    Path dir;

    private SpeechRecognitionEngine engine(String asrEngine) {
        ServerConfig config = ServerConfig.builder().dataDir(dir).asrEngine(asrEngine).build();
        return SpeechEngines.recognition(config, IntentMatcher.forLanguage("en"), List.of(), PersonalWords.none(),
                new SimpleMeterRegistry());
    }

    @Test
    void anEngineOnTheClassPathIsChosenByNameAndGivenTheDomainSentences() {
        RecordingEngineProvider.lastContext = null;

        SpeechRecognitionEngine engine = engine("recording-test");

        assertThat(engine.unavailableReason()).isEqualTo("made by RecordingEngineProvider");
        var context = RecordingEngineProvider.lastContext;
        assertThat(context.language()).isEqualTo("en");
        assertThat(context.poolSize()).isEqualTo(2);
        assertThat(context.domainSentences()).contains("what time is it");
        assertThat(context.hypothesisSelector()).isNotNull();
        assertThat(context.dataDir()).isEqualTo(dir.resolve("asr-recording-test"));
    }

    @Test
    void noneTurnsRecognitionOffAndSaysWhy() {
        SpeechRecognitionEngine engine = engine("none");

        assertThat(engine.isAvailable()).isFalse();
        assertThat(engine.unavailableReason()).contains("asr-engine=none");
    }

    @Test
    void anUnknownEngineStopsTheStartNamingTheKnownOnes() {
        assertThatThrownBy(() -> engine("whisper"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("asr-engine=whisper")
                .hasMessageContaining("pocketsphinx, none, recording-test");
    }

    @Test
    void theSettingIsANameReadLikeEveryOther() throws Exception {
        assertThat(ServerConfig.builder().dataDir(dir).build().asrEngine()).isEqualTo("pocketsphinx");
        assertThat(ConfigLoader.load(null, Map.of("CIC_ASR_ENGINE", "none"), Map.of("data-dir", dir.toString()))
                .asrEngine()).isEqualTo("none");
        assertThatThrownBy(() -> ServerConfig.builder().asrEngine("Pocket Sphinx"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asr-engine");
    }
}
