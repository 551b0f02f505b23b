package dev.opencic.bench.asr;

import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.server.dialog.ConfidenceGate;
import dev.opencic.server.nlu.IntentMatch;
import dev.opencic.server.nlu.IntentMatcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What the server would have done with each recognised text of an {@link AsrCorpusBenchmark}
 * {@code --results} file (issue 24, per-device adaptation from the utterances the server acted on):
 * the text goes through {@code IntentMatcher.match} and then {@link ConfidenceGate#judge} with the
 * server's thresholds and the recogniser's confidence, as {@code IntentPipeline.understand} does
 * (word for word = a template of a state-changing intent matches the text exactly). Writes the
 * results file again with a {@code verdict} column: {@code ACT}, {@code ASK}, {@code NOT_CAUGHT}, or
 * {@code NONE} (no text, or no intent matched: the server's fallback). Skill claims before the
 * matcher and a skill declining the intent are not modelled.
 *
 * <pre>
 * java -cp "bench/target/cic-bench.jar:bench/target/lib/*" dev.opencic.bench.asr.GateVerdicts \
 *     --results RUN.tsv --out RUN-verdicts.tsv
 * </pre>
 */
@Command(name = "GateVerdicts", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Adds the server's ConfidenceGate verdict (ACT/ASK/NOT_CAUGHT/NONE) to each row of AsrCorpusBenchmark --results.")
public final class GateVerdicts implements Callable<Integer> {

    @Option(names = "--results", required = true, paramLabel = "FILE", description = "AsrCorpusBenchmark --results file.")
    Path results;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The same rows with a verdict column.")
    Path out;

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new GateVerdicts(), args);
    }

    @Override
    public Integer call() throws Exception {
        IntentMatcher matcher = IntentMatcher.forLanguage("en");
        ConfidenceGate gate = new ConfidenceGate();
        List<String> lines = Files.readAllLines(results, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int hypCol = header.indexOf("hyp"), confCol = header.indexOf("asr_confidence");
        List<String> rows = new ArrayList<>();
        rows.add(lines.get(0) + "\tverdict");
        int[] counts = new int[4];
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f.length < header.size()) {
                continue; // a row cut off while being written
            }
            String v = verdict(matcher, gate, f[hypCol], Double.parseDouble(f[confCol]));
            counts[List.of("ACT", "ASK", "NOT_CAUGHT", "NONE").indexOf(v)]++;
            rows.add(line + "\t" + v);
        }
        Files.write(out, rows, StandardCharsets.UTF_8);
        System.out.printf("%d rows: ACT %d, ASK %d, NOT_CAUGHT %d, NONE %d -> %s%n", rows.size() - 1, counts[0],
                counts[1], counts[2], counts[3], out);
        return 0;
    }

    /** The server's decision on one recognised text, as {@code IntentPipeline.understand} takes it. */
    static String verdict(IntentMatcher matcher, ConfidenceGate gate, String hyp, double recognitionConfidence) {
        Optional<IntentMatch> m = hyp.isBlank() ? Optional.empty() : matcher.match(hyp);
        if (m.isEmpty()) {
            return "NONE";
        }
        boolean wordForWord = ConfidenceGate.STATE_CHANGING.contains(m.get().intent())
                && matcher.matchesWordForWord(m.get().intent(), hyp);
        return gate.judge(m.get(), wordForWord, hyp, recognitionConfidence).name();
    }
}
