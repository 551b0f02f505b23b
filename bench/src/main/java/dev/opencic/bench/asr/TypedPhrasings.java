package dev.opencic.bench.asr;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.server.nlu.IntentMatch;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.nlu.TextNormalizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What the text path (TextRecognizer) makes of a phrasing set typed: intent and full-slot accuracy of
 * the server's templates on the sentences themselves, the ceiling speech can reach (issue 24, step 3:
 * templates grown from the room dev set). Judged exactly as {@link AsrCorpusBenchmark}'s "text path"
 * columns, in seconds and without audio. The misses are listed unless {@code --hide-errors} (the frozen
 * evaluation set: totals only).
 *
 * <pre>
 * java -cp "bench/target/cic-bench.jar:bench/target/lib/*" dev.opencic.bench.asr.TypedPhrasings \
 *     --phrasings bench/corpus/rooms/dev-phrasings.tsv
 * java ... dev.opencic.bench.asr.TypedPhrasings --phrasings bench/corpus/rooms/eval-phrasings.tsv --hide-errors
 * </pre>
 *
 * Prepend {@code server/src/main/resources} to the class path to try edited templates without a build.
 */
@Command(name = "TypedPhrasings", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Intent and full-slot accuracy of the templates on a phrasing set, typed.")
public final class TypedPhrasings implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--phrasings", required = true, paramLabel = "FILE",
            description = "utterance<TAB>intent (none = no intent)<TAB>slot=value; ... (the held-out format).")
    Path phrasings;

    @Option(names = "--hide-errors", description = "Print totals only (for a frozen evaluation set nobody may tune on).")
    boolean hideErrors;

    /** Totals of one run. */
    record Totals(int lines, int intentOk, int fullSlotOk) {}

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new TypedPhrasings(), args);
    }

    @Override
    public Integer call() throws Exception {
        Totals t = run(IntentMatcher.forLanguage("en"), CorpusGenerator.heldoutLines(phrasings), !hideErrors);
        System.out.printf("%s: %d lines, intent %d (%.1f %%), full-slot %d (%.1f %%)%n", phrasings, t.lines(),
                t.intentOk(), 100.0 * t.intentOk() / t.lines(), t.fullSlotOk(), 100.0 * t.fullSlotOk() / t.lines());
        return 0;
    }

    static Totals run(IntentMatcher matcher, List<CorpusGenerator.Item> items, boolean listMisses) throws Exception {
        int intentOk = 0, slotsOk = 0;
        for (CorpusGenerator.Item item : items) {
            Optional<IntentMatch> m = matcher.match(TextNormalizer.normalize(item.text()));
            String got = m.map(IntentMatch::intent).orElse("");
            String gotSlots = AsrCorpusBenchmark.slotsJson(m);
            boolean intent = got.equals(item.intent());
            boolean slots = intent && JSON.readTree(gotSlots).equals(JSON.readTree(item.slotsJson()));
            intentOk += intent ? 1 : 0;
            slotsOk += slots ? 1 : 0;
            if (listMisses && !slots) {
                System.out.printf("- \"%s\": expected %s %s, got %s %s%n", item.text(),
                        item.intent().isEmpty() ? "none" : item.intent(), item.slotsJson(),
                        got.isEmpty() ? "none" : got, gotSlots);
            }
        }
        return new Totals(items.size(), intentOk, slotsOk);
    }
}
