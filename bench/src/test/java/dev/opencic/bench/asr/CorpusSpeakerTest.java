package dev.opencic.bench.asr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which device a corpus file belongs to, for {@code --channels voice} and {@code --adapt-from}. */
class CorpusSpeakerTest {

    private static Corpus.Entry entry(String file, String voice, String kind) {
        return new Corpus.Entry(Path.of("/corpus").resolve(file), voice, "what time is it", "clock.time", "{}", kind,
                500, 1500, 2000, "");
    }

    @Test
    void theTemplateCorpusNamesTheVoiceInItsVoiceColumn() {
        assertThat(entry("rms/012-templated-timer.set.wav", "rms", "templated").speaker()).isEqualTo("rms");
        assertThat(entry("slt/013-heldout-clock.time.wav", "slt", "heldout").speaker()).isEqualTo("slt");
    }

    @Test
    void aRoomCorpusDeviceIsTheVoiceInThatRoom() {
        assertThat(entry("reverb-medium+pink-20/012-rms-timer.set.wav", "reverb-medium+pink-20", "heldout").speaker())
                .isEqualTo("reverb-medium+pink-20/rms");
        assertThat(entry("clean/012-rms-timer.set.wav", "clean", "heldout").speaker()).isEqualTo("clean/rms");
    }
}
