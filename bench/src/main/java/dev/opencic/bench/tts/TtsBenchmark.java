package dev.opencic.bench.tts;

import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.bench.report.LatencyHistogram;
import dev.opencic.server.speech.FliteLameEngine;
import dev.opencic.server.speech.SpeechSynthesisException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Latency of text to MP3: the in-process {@link FliteLameEngine} against the command-line pipeline
 * {@code flite ... -o /dev/stdout | lame -m m -b 48 - /dev/stdout}, on the same sentence, in the same
 * run, runs interleaved so that drift in machine load hits both alike. Prints a markdown table.
 *
 * <p>It measures latency distributions (first byte, end) against an external process, interleaved,
 * which JMH (one benchmark method after the other, time per call) does not: so a timed loop whose
 * percentiles come from {@link LatencyHistogram}.
 *
 * <pre>
 * ./cic bench tts.TtsBenchmark [--iterations 50] [--warmup 10] [--voice slt] [--text "..."]
 * </pre>
 */
@Command(name = "TtsBenchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Latency of text to MP3: the in-process FliteLameEngine against flite | lame, interleaved. Prints markdown tables.")
public final class TtsBenchmark implements Callable<Integer> {

    static final String DEFAULT_TEXT = "The quick brown fox jumps over the lazy dog near the river.";

    @Option(names = "--iterations", paramLabel = "N", description = "Timed runs per variant (default: ${DEFAULT-VALUE}).")
    int iterations = 50;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed runs per variant first (default: ${DEFAULT-VALUE}).")
    int warmup = 10;

    @Option(names = "--voice", paramLabel = "VOICE", description = "The flite voice (default: ${DEFAULT-VALUE}).")
    String voice = "slt";

    @Option(names = "--text", paramLabel = "TEXT", description = "The sentence (default: ${DEFAULT-VALUE}).")
    String text = DEFAULT_TEXT;

    /** One timed run: nanoseconds to the first MP3 byte and to the end, and bytes produced. */
    record Sample(long firstByteNanos, long totalNanos, long bytes) {}

    interface Variant {
        Sample run() throws Exception;
    }

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new TtsBenchmark(), args);
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        FliteLameEngine engine = FliteLameEngine.create(voice, 48);
        long constructNanos = System.nanoTime() - t0;
        if (!engine.isAvailable()) {
            System.err.println("engine unavailable: " + engine.unavailableReason());
            return 1;
        }
        FliteLameEngine engineQ7 = FliteLameEngine.builder().voice(voice).bitrateKbps(48).quality(7).build();
        String cli = "flite -voice " + voice + " -t \"$TTS_TEXT\" -o /dev/stdout | lame --quiet -m m -b 48 - /dev/stdout";

        final String spoken = text;
        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("in-process FliteLameEngine (default: LAME -q 3, as the CLI)", () -> inProcess(engine, spoken));
        variants.put("in-process FliteLameEngine (LAME -q 7, fast)", () -> inProcess(engineQ7, spoken));
        variants.put("CLI pipeline flite + lame (bash -c)", () -> pipeline(cli, spoken));

        for (int i = 0; i < warmup; i++) {
            for (Variant v : variants.values()) {
                v.run();
            }
        }
        Map<String, List<Sample>> results = new LinkedHashMap<>();
        variants.keySet().forEach(k -> results.put(k, new ArrayList<>()));
        for (int i = 0; i < iterations; i++) {
            for (Map.Entry<String, Variant> e : variants.entrySet()) {
                results.get(e.getKey()).add(e.getValue().run());
            }
        }

        System.out.printf(Locale.ROOT, "Text: \"%s\" (%d words), voice %s, 48 kbps mono; %d warm-up + %d timed runs"
                + " per variant, interleaved. Engine construction (libraries + voice + self-test): %.0f ms.%n%n",
                text, text.trim().split("\\s+").length, voice, warmup, iterations, constructNanos / 1e6);
        System.out.println("| variant | first MP3 byte p50 | p95 | total p50 | p95 | MP3 bytes |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        Map<String, double[]> stats = new LinkedHashMap<>();
        for (Map.Entry<String, List<Sample>> e : results.entrySet()) {
            List<Sample> s = e.getValue();
            LatencyHistogram firstByte = new LatencyHistogram();
            LatencyHistogram total = new LatencyHistogram();
            s.forEach(sample -> {
                firstByte.recordNanos(sample.firstByteNanos());
                total.recordNanos(sample.totalNanos());
            });
            double[] st = {
                firstByte.percentileMillis(50), firstByte.percentileMillis(95),
                total.percentileMillis(50), total.percentileMillis(95),
            };
            stats.put(e.getKey(), st);
            System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d |%n",
                    e.getKey(), st[0], st[1], st[2], st[3], s.get(s.size() - 1).bytes());
        }
        double[] pipe = stats.get("CLI pipeline flite + lame (bash -c)");
        System.out.println();
        System.out.println("Ratios to the CLI pipeline (lower is better):");
        System.out.println();
        System.out.println("| variant | first byte p50 | first byte p95 | total p50 | total p95 |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Map.Entry<String, double[]> e : stats.entrySet()) {
            double[] st = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f |%n",
                    e.getKey(), st[0] / pipe[0], st[1] / pipe[1], st[2] / pipe[2], st[3] / pipe[3]);
        }
        double[] in = stats.values().iterator().next();
        System.out.println();
        System.out.printf(Locale.ROOT, "Targets (default engine): first MP3 byte <= 60 ms: p50 %.1f ms, p95 %.1f ms -> %s;"
                + " total <= 0.9x pipeline: p50 %.2fx, p95 %.2fx -> %s%n",
                in[0], in[1], in[1] <= 60 ? "met" : "NOT met",
                in[2] / pipe[2], in[3] / pipe[3], in[2] / pipe[2] <= 0.9 && in[3] / pipe[3] <= 0.9 ? "met" : "NOT met");
        engine.close();
        engineQ7.close();
        return 0;
    }

    private static Sample inProcess(FliteLameEngine engine, String text) throws SpeechSynthesisException {
        long[] first = {0};
        long[] bytes = {0};
        long start = System.nanoTime();
        engine.synthesize(text, "en", mp3 -> {
            if (first[0] == 0) {
                first[0] = System.nanoTime();
            }
            bytes[0] += mp3.length;
        });
        long end = System.nanoTime();
        return new Sample(first[0] - start, end - start, bytes[0]);
    }

    private static Sample pipeline(String command, String text) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TTS_TEXT", text);
        long start = System.nanoTime();
        Process p = pb.start();
        long first = 0;
        long bytes = 0;
        byte[] buf = new byte[65536];
        try (InputStream out = p.getInputStream()) {
            int n;
            while ((n = out.read(buf)) > 0) {
                if (first == 0) {
                    first = System.nanoTime();
                }
                bytes += n;
            }
        }
        int rc = p.waitFor();
        long end = System.nanoTime();
        if (rc != 0 || bytes == 0) {
            throw new IOException("pipeline failed (exit " + rc + ", " + bytes + " bytes): " + command);
        }
        return new Sample(first - start, end - start, bytes);
    }
}
