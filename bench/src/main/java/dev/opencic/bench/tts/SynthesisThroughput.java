package dev.opencic.bench.tts;

import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.bench.report.LatencyHistogram;
import dev.opencic.bench.report.MachineLoad;
import dev.opencic.server.speech.FliteLameEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Synthesised answers per second and first-byte latency under concurrent load: the engine as it
 * was (parallelism 1: one flite thread in process) against the engine with flite worker processes
 * (parallelism N), same voice and settings, same run, rounds interleaved so that drift in machine
 * load hits both alike. Callers loop over everyday answers, each answer synthesised in full.
 *
 * <pre>
 * ./cic bench tts.SynthesisThroughput [--parallelism N] [--callers 4] [--rounds 3] [--round-seconds 10]
 * </pre>
 */
@Command(name = "SynthesisThroughput", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Answers synthesised per second and first-byte latency: parallelism 1 (in process) "
                + "vs N (flite worker processes), interleaved rounds. Prints a markdown table.")
public final class SynthesisThroughput implements Callable<Integer> {

    /** Answers of the lengths the skills give (one or two sentences). */
    static final List<String> ANSWERS = List.of(
            "It's 9:21 AM.",
            "I made a note: buy oat milk and call the plumber tomorrow.",
            "Right now in Seoul it's 23 degrees and sunny, with a high of 27.",
            "Timer set for ten minutes.",
            "You have two reminders today. The first is at nine: take the bins out.",
            "Playing music by The Beatles.",
            "Your next meeting is at three thirty, in room four.",
            "Sorry, I didn't catch that.");

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Parallelism of the pooled engine (default: the number of cores, ${DEFAULT-VALUE}).")
    int parallelism = Runtime.getRuntime().availableProcessors();

    @Option(names = "--callers", paramLabel = "N", description = "Concurrent callers (default: ${DEFAULT-VALUE}).")
    int callers = 4;

    @Option(names = "--rounds", paramLabel = "N", description = "Timed rounds per engine (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--round-seconds", paramLabel = "S", description = "Length of a round (default: ${DEFAULT-VALUE}).")
    int roundSeconds = 10;

    @Option(names = "--voice", paramLabel = "VOICE", description = "The flite voice (default: ${DEFAULT-VALUE}).")
    String voice = "slt";

    @Option(names = "--quality", paramLabel = "Q",
            description = "LAME algorithm quality of the pooled engine, 0 (best) to 9 (default: the engine's, ${DEFAULT-VALUE}).")
    int quality = FliteLameEngine.DEFAULT_QUALITY;

    @Option(names = "--baseline-quality", paramLabel = "Q",
            description = "LAME algorithm quality of the parallelism-1 engine (default: the engine's, ${DEFAULT-VALUE}; "
                    + "3 was the setting before the workers).")
    int baselineQuality = FliteLameEngine.DEFAULT_QUALITY;

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new SynthesisThroughput(), args);
    }

    /** What one engine did over all its rounds. */
    static final class Totals {
        final LatencyHistogram firstByte = new LatencyHistogram();
        final LatencyHistogram total = new LatencyHistogram();
        final AtomicLong answers = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        double seconds;
    }

    @Override
    public Integer call() throws Exception {
        try (FliteLameEngine single = FliteLameEngine.builder().voice(voice).quality(baselineQuality).parallelism(1).build();
                FliteLameEngine pooled = FliteLameEngine.builder().voice(voice).quality(quality).parallelism(parallelism).build()) {
            if (!single.isAvailable()) {
                System.err.println("engine unavailable: " + single.unavailableReason());
                return 1;
            }
            System.out.printf(Locale.ROOT, "warming up (the workers start when two texts first overlap)...%n");
            runRound(single, Duration.ofSeconds(3), new Totals());
            runRound(pooled, Duration.ofSeconds(3), new Totals());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (pooled.workerPids().size() < parallelism - 1 && System.nanoTime() < deadline) {
                runRound(pooled, Duration.ofSeconds(1), new Totals());
            }
            runRound(pooled, Duration.ofSeconds(3), new Totals()); // the workers' JIT
            Totals one = new Totals();
            Totals many = new Totals();
            for (int r = 0; r < rounds; r++) {
                long before1 = one.answers.get();
                long beforeN = many.answers.get();
                runRound(single, Duration.ofSeconds(roundSeconds), one);
                runRound(pooled, Duration.ofSeconds(roundSeconds), many);
                System.out.printf(Locale.ROOT, "round %d: parallelism 1 %.2f/s, parallelism %d %.2f/s (load average %s)%n",
                        r + 1, (one.answers.get() - before1) / (double) roundSeconds, parallelism,
                        (many.answers.get() - beforeN) / (double) roundSeconds, MachineLoad.loadAverages());
            }
            System.out.printf(Locale.ROOT, "%n%d callers, %d rounds of %d s each, voice %s, %d cores, workers %s%n%n",
                    callers, rounds, roundSeconds, voice, Runtime.getRuntime().availableProcessors(), pooled.workerPids());
            System.out.println("| engine | answers/s | first byte p50 / p95 (ms) | whole answer p50 / p95 (ms) | failures |");
            System.out.println("|---|---:|---:|---:|---:|");
            row("parallelism 1 (in process, one flite thread: before), LAME q" + baselineQuality, one);
            row("parallelism " + parallelism + " (in process + " + (parallelism - 1) + " worker processes), LAME q" + quality, many);
            System.out.printf(Locale.ROOT, "%nspeed-up: %.2fx%n",
                    (many.answers.get() / many.seconds) / (one.answers.get() / one.seconds));
        }
        return 0;
    }

    private static void row(String name, Totals t) {
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.0f / %.0f | %.0f / %.0f | %d |%n", name, t.answers.get() / t.seconds,
                t.firstByte.percentileMillis(50), t.firstByte.percentileMillis(95),
                t.total.percentileMillis(50), t.total.percentileMillis(95), t.failures.get());
    }

    private void runRound(FliteLameEngine engine, Duration length, Totals into) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        AtomicBoolean stop = new AtomicBoolean();
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                running.add(pool.submit(() -> {
                    for (int i = caller; !stop.get(); i++) {
                        long t0 = System.nanoTime();
                        long[] first = {0};
                        try {
                            engine.synthesize(ANSWERS.get(i % ANSWERS.size()), "en", mp3 -> {
                                if (first[0] == 0) {
                                    first[0] = System.nanoTime();
                                }
                            });
                            long end = System.nanoTime();
                            if (end - start <= length.toNanos()) { // count only answers completed in the round
                                into.answers.incrementAndGet();
                                into.firstByte.recordNanos(first[0] - t0);
                                into.total.recordNanos(end - t0);
                            }
                        } catch (Exception e) {
                            into.failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(length.toMillis());
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        into.seconds += length.toNanos() / 1e9;
    }
}
