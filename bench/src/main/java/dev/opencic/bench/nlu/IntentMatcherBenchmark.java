package dev.opencic.bench.nlu;

import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.bench.report.MachineLoad;
import dev.opencic.server.nlu.IntentMatch;
import dev.opencic.server.nlu.IntentMatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What understanding costs, as JMH benchmarks: building the English {@link IntentMatcher} first in
 * a fresh JVM (as at server start) and warm, and one {@code match} of a held-out utterance (phrased
 * differently from the templates, so on the fuzzy path), the utterances taken in turn. One fork
 * each and short iterations: the machine has 2 shared cores, and the figures are compared within a
 * run, not across machines.
 *
 * <p>{@code main} runs them with JMH's {@link Runner} (the build twice: cold, then warm), prints
 * JMH's own output, then the markdown table the docs record. JMH's launcher runs them too, with
 * every JMH option: {@code ./cic bench org.openjdk.jmh.Main IntentMatcherBenchmark} (the build warm).
 */
public class IntentMatcherBenchmark {

    static final String HELDOUT = "server/src/test/resources/nlu/en/heldout";

    /** The held-out utterances, matched in turn. */
    @State(Scope.Thread)
    public static class HeldOut {
        @Param(HELDOUT)
        public String heldout;

        IntentMatcher matcher;
        List<String> utterances;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            matcher = IntentMatcher.forLanguage("en");
            utterances = utterances(Path.of(heldout));
            if (utterances.isEmpty()) {
                throw new IllegalStateException("no held-out utterances under " + heldout);
            }
        }

        String nextUtterance() {
            String u = utterances.get(next);
            next = next + 1 == utterances.size() ? 0 : next + 1;
            return u;
        }
    }

    /**
     * One build, each in a single shot. As annotated, the warm builds (the first, cold one is
     * warm-up); with no warm-up and one iteration ({@code -wi 0 -i 1}), the first build in a fresh
     * JVM: classes loaded, code interpreted, as when the server starts.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 20)
    @Fork(1)
    public IntentMatcher build() {
        return IntentMatcher.forLanguage("en");
    }

    /** One match; sampled, so the result is a distribution over calls (and so over utterances). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 10, time = 1)
    @Fork(1)
    public Optional<IntentMatch> match(HeldOut h) {
        return h.matcher.match(h.nextUtterance());
    }

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new Run(), args);
    }

    /** The command line: runs the benchmarks and prints the table. */
    @Command(name = "IntentMatcherBenchmark", mixinStandardHelpOptions = true, sortOptions = false,
            description = "JMH: build time of the English intent matcher and time per match of the held-out utterances; prints a markdown table.")
    static final class Run implements Callable<Integer> {

        @Option(names = "--heldout", paramLabel = "DIR", description = "The held-out utterances (*.tsv, the text first on a line; default: ${DEFAULT-VALUE}).")
        Path heldout = Path.of(HELDOUT);

        @Option(names = "--rounds", paramLabel = "N",
                description = "Length of the match measurement: N/20 one-second JMH iterations, about as long as N passes over the held-out set took (default: ${DEFAULT-VALUE}).")
        int rounds = 200;

        @Option(names = "--builds", paramLabel = "N", description = "Warm builds measured, after one discarded (default: ${DEFAULT-VALUE}).")
        int builds = 20;

        @Override
        public Integer call() throws IOException, RunnerException {
            int utterances = utterances(heldout).size();
            if (utterances == 0) {
                System.err.println("no held-out utterances under " + heldout);
                return 1;
            }
            Statistics cold = run(options("build").warmupIterations(0).measurementIterations(1));
            Statistics warm = run(options("build").measurementIterations(builds));
            Statistics match = run(options("match").param("heldout", heldout.toString())
                    .measurementIterations(Math.max(1, rounds / 20)));
            int templates = IntentMatcher.forLanguage("en").templates().size();

            System.out.printf(Locale.ROOT, "%n| figure | value |%n|---|---|%n");
            System.out.printf(Locale.ROOT, "| templates | %d |%n", templates);
            System.out.printf(Locale.ROOT, "| build, first in the JVM (as at server start) | %.1f ms |%n", cold.getMean());
            System.out.printf(Locale.ROOT, "| build, warm (median of %d) | %.1f ms |%n", builds, warm.getPercentile(50));
            System.out.printf(Locale.ROOT, "| match, held-out utterances (%d), mean | %.0f µs |%n", utterances, match.getMean());
            System.out.printf(Locale.ROOT, "| match, p50 / p95 / max over calls | %.0f / %.0f / %.0f µs |%n",
                    match.getPercentile(50), match.getPercentile(95), match.getMax());
            System.out.printf(Locale.ROOT, "| load average at the end | %s |%n", MachineLoad.loadAverages().split(" ")[0]);
            return 0;
        }
    }

    private static ChainedOptionsBuilder options(String benchmark) {
        return new OptionsBuilder().include(IntentMatcherBenchmark.class.getName() + "\\." + benchmark + "$");
    }

    private static Statistics run(ChainedOptionsBuilder options) throws RunnerException {
        RunResult result = new Runner(options.build()).runSingle();
        return result.getPrimaryResult().getStatistics();
    }

    static List<String> utterances(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        out.add(line.split("\t")[0].strip());
                    }
                }
            }
        }
        return out;
    }
}
