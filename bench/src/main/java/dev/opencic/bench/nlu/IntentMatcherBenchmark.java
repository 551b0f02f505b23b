package dev.opencic.bench.nlu;

import dev.opencic.server.nlu.IntentMatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What understanding costs: building the English {@link IntentMatcher} (once cold, as at server
 * start, then warm), and the time of one {@code match} on each held-out utterance, which are
 * phrased differently from the templates and so take the fuzzy path. Prints a markdown table.
 *
 * <pre>
 * java -cp "bench/target/cic-bench.jar:bench/target/lib/*" dev.opencic.bench.nlu.IntentMatcherBenchmark \
 *     [--heldout server/src/test/resources/nlu/en/heldout] [--rounds 200] [--builds 20]
 * </pre>
 */
public final class IntentMatcherBenchmark {

    private IntentMatcherBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path heldout = Path.of("server/src/test/resources/nlu/en/heldout");
        int rounds = 200;
        int builds = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--heldout" -> heldout = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--builds" -> builds = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        long t0 = System.nanoTime();
        IntentMatcher matcher = IntentMatcher.forLanguage("en");
        double coldMs = (System.nanoTime() - t0) / 1e6;
        double[] warm = new double[builds];
        for (int i = 0; i < builds; i++) {
            long t = System.nanoTime();
            IntentMatcher.forLanguage("en");
            warm[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(warm);

        List<String> utterances = utterances(heldout);
        if (utterances.isEmpty()) {
            System.err.println("no held-out utterances under " + heldout);
            System.exit(1);
        }
        for (int r = 0; r < Math.max(10, rounds / 10); r++) {
            utterances.forEach(matcher::match);
        }
        double[] perUtterance = new double[utterances.size()];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < utterances.size(); i++) {
                long t = System.nanoTime();
                matcher.match(utterances.get(i));
                perUtterance[i] += (System.nanoTime() - t) / 1e3;
            }
        }
        for (int i = 0; i < perUtterance.length; i++) {
            perUtterance[i] /= rounds;
        }
        double mean = Arrays.stream(perUtterance).average().orElse(0);
        Arrays.sort(perUtterance);

        System.out.printf(Locale.ROOT, "| figure | value |%n|---|---|%n");
        System.out.printf(Locale.ROOT, "| templates | %d |%n", matcher.templates().size());
        System.out.printf(Locale.ROOT, "| build, first in the JVM (as at server start) | %.1f ms |%n", coldMs);
        System.out.printf(Locale.ROOT, "| build, warm (median of %d) | %.1f ms |%n", builds, warm[builds / 2]);
        System.out.printf(Locale.ROOT, "| match, held-out utterances (%d), mean | %.0f µs |%n", utterances.size(), mean);
        System.out.printf(Locale.ROOT, "| match, p50 / p95 / max over utterances | %.0f / %.0f / %.0f µs |%n",
                perUtterance[perUtterance.length / 2], perUtterance[(int) (perUtterance.length * 0.95)],
                perUtterance[perUtterance.length - 1]);
        System.out.printf(Locale.ROOT, "| load average at the end | %s |%n", loadAverage());
    }

    private static List<String> utterances(Path dir) throws IOException {
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

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
