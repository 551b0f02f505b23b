package dev.opencic.server.speech.asr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.Engines;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ArpaTrigramWriterTest {

    /** A parsed backoff model, to check that every conditional distribution sums to one. */
    static final class Arpa {
        final Map<String, Double> prob = new HashMap<>();
        final Map<String, Double> bow = new HashMap<>();
        final Map<Integer, Integer> declared = new HashMap<>();
        final Map<Integer, Integer> actual = new HashMap<>();
        final Set<String> vocab = new TreeSet<>();

        Arpa(String text) {
            int order = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("ngram ")) {
                    String[] kv = line.substring(6).split("=");
                    declared.put(Integer.parseInt(kv[0]), Integer.parseInt(kv[1]));
                } else if (line.matches("\\\\\\d-grams:")) {
                    order = line.charAt(1) - '0';
                } else if (order > 0 && !line.isBlank() && !line.startsWith("\\")) {
                    String[] f = line.split("\t");
                    prob.put(f[1], Math.pow(10, Double.parseDouble(f[0])));
                    if (f.length > 2) {
                        bow.put(f[1], Math.pow(10, Double.parseDouble(f[2])));
                    }
                    actual.merge(order, 1, Integer::sum);
                    if (order == 1) {
                        vocab.add(f[1]);
                    }
                }
            }
        }

        double p(String history, String w) {
            String key = history.isEmpty() ? w : history + " " + w;
            if (prob.containsKey(key)) {
                return prob.get(key);
            }
            if (history.isEmpty()) {
                return 0;
            }
            int sp = history.indexOf(' ');
            String shorter = sp < 0 ? "" : history.substring(sp + 1);
            return bow.getOrDefault(history, 1.0) * p(shorter, w);
        }
    }

    @Test
    void everyHistoryDistributionSumsToOne() throws Exception {
        ArpaTrigramWriter w = new ArpaTrigramWriter().addAll(List.of("what time is it", "what time is it now",
                "what is the time", "remind me to buy milk", "remind me to call mom", "is it time"));
        StringWriter out = new StringWriter();
        w.write(out);
        Arpa arpa = new Arpa(out.toString());
        assertThat(arpa.actual).isEqualTo(arpa.declared);
        assertThat(arpa.prob.get("<s>")).isLessThan(1e-50);
        List<String> predicted = arpa.vocab.stream().filter(v -> !v.equals("<s>")).toList();
        List<String> histories = List.of("", "what", "time", "is", "<s>", "<s> what", "what time", "time is",
                "remind me", "me to", "milk", "to buy", "is it", "nonexistent", "it");
        for (String h : histories) {
            double sum = predicted.stream().mapToDouble(x -> arpa.p(h.equals("nonexistent") ? "" : h, x)).sum();
            assertThat(sum).as("history '%s'", h).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
        // seen continuations are likelier than unseen ones
        assertThat(arpa.p("what time", "is")).isGreaterThan(0.5);
        assertThat(arpa.p("what time", "milk")).isPositive().isLessThan(arpa.p("what time", "is"));
    }

    @Test
    void tokenizeSpellsNumbersAndTimes() {
        assertThat(ArpaTrigramWriter.tokenize("Wake me up at 7 AM, please!"))
                .containsExactly("wake", "me", "up", "at", "seven", "a.m.", "please");
        assertThat(ArpaTrigramWriter.tokenize("at 10:45pm")).containsExactly("at", "ten", "forty", "five", "p.m.");
        assertThat(ArpaTrigramWriter.tokenize("six thirty p.m. and I am here"))
                .containsExactly("six", "thirty", "p.m.", "and", "i", "am", "here");
        assertThat(ArpaTrigramWriter.tokenize("What's the time?")).containsExactly("what's", "the", "time");
    }

    @Test
    void tokenizeSpellsOrdinals() {
        // the dictionary has no "3rd": without this a slot example such as "the 3rd of march" loses a word
        assertThat(ArpaTrigramWriter.tokenize("the 3rd of march at 7 am"))
                .containsExactly("the", "third", "of", "march", "at", "seven", "a.m.");
        assertThat(ArpaTrigramWriter.tokenize("1st 2nd 12th 21st 30th 40th"))
                .containsExactly("first", "second", "twelfth", "twenty", "first", "thirtieth", "fortieth");
    }

    @Test
    void normalizerMakesAmPmConsistentAndDropsFillers() {
        assertThat(TranscriptNormalizer.normalize("<s> wake me at seven a.m. <sil> </s>")).isEqualTo("wake me at seven am");
        assertThat(TranscriptNormalizer.normalize("at six a m. [noise] ++um++")).isEqualTo("at six am");
        assertThat(TranscriptNormalizer.normalize("eight P.M.")).isEqualTo("eight pm");
        assertThat(TranscriptNormalizer.normalize("what(2) time   is it")).isEqualTo("what time is it");
        assertThat(TranscriptNormalizer.normalize(null)).isEmpty();
    }

    @Test
    void fliteLetterToSoundGivesCmuPhones() {
        FliteLetterToSound lts = FliteLetterToSound.load();
        Engines.require(lts.isAvailable(), lts.failure(), Engines.FLITE_PACKAGES);
        assertThat(lts.pronounce("coldplay")).contains("K OW L D P L EY");
        assertThat(lts.pronounce("cat")).contains("K AE T");
        assertThat(lts.pronounce("")).isEmpty();
        assertThat(lts.pronounce("x1!")).isEmpty();
        assertThat(FliteLetterToSound.mapPhone("pau")).isNull();
        assertThat(FliteLetterToSound.mapPhone("ah0")).isEqualTo("AH");
    }

    @Test
    void missingModelMakesTheEngineUnavailableWithTheFix() throws Exception {
        try (PocketSphinxEngine e = PocketSphinxEngine.builder().modelDir(java.nio.file.Path.of("/nonexistent/model")).build()) {
            assertThat(e.isAvailable()).isFalse();
            assertThat(e.unavailableReason()).contains("apt-get install -y pocketsphinx-en-us");
            assertThat(e.availability()).isEqualTo(new Availability.Unavailable(
                    Availability.Cause.MODEL_MISSING, e.unavailableReason()));
            assertThat(e.poolSize()).isZero();
            assertThat(e.open("en", java.time.Duration.ofSeconds(1)))
                    .failsWithin(java.time.Duration.ofSeconds(1))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(RecognizerUnavailableException.class);
        }
    }
}
