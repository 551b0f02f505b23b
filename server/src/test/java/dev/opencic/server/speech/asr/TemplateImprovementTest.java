package dev.opencic.server.speech.asr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.Engines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding a template sentence improves recognition of that phrasing with no other change: two
 * engines differ only in one added template line.
 */
class TemplateImprovementTest {

    @TempDir Path dir;

    static final List<String> NEW_PHRASINGS = List.of("how late is it [now]", "what hour is it [now]");
    static final List<String> SPOKEN = List.of("how late is it", "what hour is it");

    @Test
    void addingATemplateLowersWordErrorRateOnItsPhrasing() throws Exception {
        List<String> withNew = new ArrayList<>(DomainSentences.TEMPLATES);
        withNew.addAll(NEW_PHRASINGS);
        double[] before = werOn(DomainSentences.sentences());
        double[] after = werOn(DomainSentences.sentences(withNew));
        System.out.printf("odd phrasings: WER %.2f without the templates, %.2f with them (sentence errors %d -> %d)%n",
                before[0], after[0], (int) before[1], (int) after[1]);
        assertThat(after[0]).isLessThan(before[0]);
        assertThat(after[1]).isZero();
        assertThat(before[1]).isPositive();
    }

    /** Returns {mean WER, sentences wrong} over SPOKEN × {slt, rms}. */
    private double[] werOn(List<String> sentences) throws Exception {
        try (PocketSphinxEngine engine = PocketSphinxEngine.builder().poolSize(1).domainSentences(sentences).build()) {
            Engines.requireRecognizer(engine);
            double wer = 0;
            int wrong = 0;
            int n = 0;
            for (String voice : List.of("slt", "rms")) {
                for (String text : SPOKEN) {
                    byte[] pcm = TestAudio.concat(TestAudio.speak(dir, voice, text), TestAudio.silence(500));
                    String hyp = Recognition.run(engine, pcm, Recognition.CHUNK_200MS).result.text();
                    System.out.printf("  %s '%s' -> '%s'%n", voice, text, hyp);
                    wer += Recognition.wer(text, hyp);
                    wrong += hyp.equals(text) ? 0 : 1;
                    n++;
                }
            }
            return new double[] {wer / n, wrong};
        }
    }
}
