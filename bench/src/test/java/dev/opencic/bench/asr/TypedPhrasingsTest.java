package dev.opencic.bench.asr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.nlu.IntentMatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypedPhrasingsTest {

    @Test
    void countsIntentAndFullSlotAsTheTextPathUnderstandsTypedLines(@TempDir Path dir) throws Exception {
        Path set = dir.resolve("set.tsv");
        Files.writeString(set, String.join("\n",
                "# a comment",
                "what time is it\tclock.time\t",
                "set an alarm for seven am\talarm.set\ttime=7 am",
                "set an alarm for seven am\talarm.set\ttime=8 am",
                "the soup needs more salt\tnone\t",
                "what time is it\tweather.today\t") + "\n");

        TypedPhrasings.Totals t = TypedPhrasings.run(IntentMatcher.forLanguage("en"),
                CorpusGenerator.heldoutLines(set), false);

        assertThat(t.lines()).isEqualTo(5);
        assertThat(t.intentOk()).isEqualTo(4);   // the last line expects the wrong intent
        assertThat(t.fullSlotOk()).isEqualTo(3); // and the third the wrong time
    }
}
