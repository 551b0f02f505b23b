package dev.opencic.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;

/**
 * Every bench {@code main} is a picocli command whose {@code --help} works, found by scanning the
 * compiled classes (so a new main cannot be forgotten here), and the command lines the scripts and
 * {@code docs/benchmarks*.md} record still parse.
 */
class BenchMainsTest {

    /** The mains there were when this test was written: the scan must find at least these. */
    private static final List<String> KNOWN = List.of("BareEventServer", "IdleDevices", "AsrCorpusBenchmark",
            "CorpusGenerator", "SpokenRequestLoad", "CicClientDevices", "SimulatedDevices", "StreamingLoad",
            "IntentMatcherBenchmark", "TtsBenchmark", "OverloadBenchmark", "SynthesisThroughput", "CrashBenchmark",
            "ConfidenceRoc");

    static List<Class<?>> mains() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(BenchCommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> mains = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.contains("jmh_generated")) {
                    continue;
                }
                Class<?> c = Class.forName(name, false, BenchMainsTest.class.getClassLoader());
                if (hasMain(c)) {
                    mains.add(c);
                }
            }
        }
        return mains;
    }

    private static boolean hasMain(Class<?> c) {
        try {
            Method m = c.getDeclaredMethod("main", String[].class);
            return Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The main's class itself, or the nested class that is its command (a JMH benchmark cannot hold options). */
    private static Class<?> commandOf(Class<?> main) {
        if (main.isAnnotationPresent(Command.class)) {
            return main;
        }
        Optional<Class<?>> nested = Arrays.stream(main.getDeclaredClasses())
                .filter(c -> c.isAnnotationPresent(Command.class)).findFirst();
        assertThat(nested).as("%s has a main but no @Command", main.getName()).isPresent();
        return nested.get();
    }

    private static CommandLine commandLine(Class<?> main) throws Exception {
        return BenchCommandLine.of(CommandLine.defaultFactory().create(commandOf(main)));
    }

    @Test
    void theScanFindsEveryMain() throws Exception {
        assertThat(mains()).extracting(Class::getSimpleName).containsAll(KNOWN);
    }

    @ParameterizedTest
    @MethodSource("mains")
    void helpPrintsTheUsageAndExitsZero(Class<?> main) throws Exception {
        CommandLine cmd = commandLine(main);
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));

        int exitCode = cmd.execute("--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).startsWith("Usage: " + main.getSimpleName());
    }

    @ParameterizedTest
    @MethodSource("mains")
    void everyOptionAndParameterIsDescribed(Class<?> main) throws Exception {
        for (ArgSpec arg : commandLine(main).getCommandSpec().args()) {
            assertThat(String.join(" ", arg.description())).as("%s %s", main.getSimpleName(), arg.paramLabel())
                    .isNotBlank();
        }
    }

    @Test
    void anUnknownOptionIsAUsageError() throws Exception {
        CommandLine cmd = commandLine(dev.opencic.bench.IdleDevices.class);
        cmd.setErr(new PrintWriter(new StringWriter()));

        assertThat(cmd.execute("--url", "http://127.0.0.1:1", "--devicez", "3")).isEqualTo(2);
    }

    /** Command lines as the scripts and the docs write them (values made up where they use variables). */
    static Stream<List<String>> recordedCommandLines() {
        return Stream.of(
                List.of("BareEventServer", "0", "--with-metrics"),
                List.of("IdleDevices", "--url", "http://127.0.0.1:8080", "--devices", "1000", "--mode", "cic",
                        "--username", "bench", "--password", "p", "--client-id", "c", "--client-secret", "s",
                        "--concurrency", "32", "--go-file", "/tmp/go", "--hold-seconds", "900", "--threads", "2"),
                List.of("SimulatedDevices", "--url", "http://127.0.0.1:8080", "--devices", "1000", "--mode", "bare",
                        "--threads", "2", "--warmup-seconds", "60", "--measure-seconds", "120", "--tail-seconds", "600",
                        "--ping-interval-seconds", "5", "--event-interval-seconds", "60", "--report-seconds", "10",
                        "--text", "what time is it"),
                List.of("CicClientDevices", "--url", "http://127.0.0.1:8080", "--devices", "500", "--mode", "cic",
                        "--username", "u", "--password", "p", "--client-id", "c", "--client-secret", "s",
                        "--threads", "2", "--warmup-seconds", "60", "--measure-seconds", "120", "--tail-seconds", "600"),
                List.of("SpokenRequestLoad", "--url", "http://127.0.0.1:8080", "--tokens", "t", "--corpus", "c.tsv",
                        "--streams", "8", "--utterances", "12", "--server-pid", "42", "--label", "n8", "--out", "o.tsv",
                        "--kinds", "templated,heldout", "--voices", "rms,slt", "--late-ms", "1500", "--pause-ms", "500",
                        "--extra-tail-ms", "2000", "--seed", "7", "--warmup", "1"),
                List.of("StreamingLoad", "http://127.0.0.1:8080", "/data", "/lib", "42", "6000,8000", "20"),
                List.of("StreamingLoad", "http://127.0.0.1:8080", "/data", "/lib", "42", "100", "20", "64"),
                List.of("AsrCorpusBenchmark", "--corpus", "/tmp/asr-all/corpus.tsv", "--threads", "2",
                        "--channels", "voice", "--ps", "-fwdflatlw=8.5", "--ps", "-maxhmmpf=8000", "--vocabulary", "0",
                        "--words", "w.txt", "--frames-per-name", "12", "--domain-weight", "0.5", "--nbest", "10",
                        "--per-slot-template", "5", "--selector", "none", "--margin", "0.1", "--voices", "rms,slt",
                        "--limit", "5", "--results", "r.tsv", "--chunk-ms", "200", "--extra-sentences", "x.txt"),
                List.of("CorpusGenerator", "--out", "/tmp/corpus", "--voices", "slt,rms", "--per-intent", "6",
                        "--noise-dbfs", "off", "--kinds", "templated,heldout,freetext", "--per-area", "4", "--seed", "1",
                        "--lead-ms", "500", "--tail-ms", "1500", "--dictation", "d.tsv", "--heldout-dir", "h"),
                List.of("CorpusGenerator", "--out", "/tmp/corpus", "--noise-dbfs", "-65"),
                List.of("CorpusGenerator", "--out", "/tmp/reject", "--voices", "rms,slt", "--kinds", "reject",
                        "--reject", "server/src/test/resources/nlu/en/reject.tsv"),
                List.of("ConfidenceRoc", "--spoken", "/tmp/tuned-results.tsv,/tmp/reject-results.tsv",
                        "--recognition", "0,0.1,0.35", "--intent", "0.7,0.85", "--reject", "r.tsv", "--heldout", "h"),
                List.of("IntentMatcherBenchmark", "--rounds", "100", "--builds", "20", "--heldout", "h"),
                List.of("TtsBenchmark", "--iterations", "50", "--warmup", "10", "--voice", "slt", "--text", "Hello."),
                List.of("SimulatedDevices", "--url", "http://127.0.0.1:8080", "--devices", "1000", "--mode", "cic",
                        "--username", "u", "--password", "p", "--client-id", "c", "--client-secret", "s",
                        "--everyday-requests", "--warmup-seconds", "30", "--measure-seconds", "60"),
                List.of("OverloadBenchmark", "--url", "http://127.0.0.1:8080", "--username", "u", "--password", "p",
                        "--client-id", "c", "--client-secret", "s", "--server-pid", "42", "--devices", "64",
                        "--closed-loop-devices", "8", "--warmup-seconds", "20", "--capacity-seconds", "30", "--step-seconds", "20",
                        "--multipliers", "0.5,1,2,4", "--device-timeout-seconds", "10", "--cheap-per-second", "2",
                        "--cheap-text", "what time is it", "--recovered-ms", "1000", "--threads", "2"),
                List.of("SynthesisThroughput", "--parallelism", "2", "--callers", "4", "--rounds", "4",
                        "--round-seconds", "10", "--voice", "slt"),
                List.of("ExtensionLatency", "--requests", "300", "--warmup", "50", "--devices", "8",
                        "--delay-ms", "50", "--round-seconds", "15", "--rounds", "2"));
    }

    @ParameterizedTest
    @MethodSource("recordedCommandLines")
    void recordedCommandLinesStillParse(List<String> commandLine) throws Exception {
        Class<?> main = mains().stream().filter(c -> c.getSimpleName().equals(commandLine.get(0))).findFirst().orElseThrow();
        String[] args = commandLine.subList(1, commandLine.size()).toArray(String[]::new);

        CommandLine.ParseResult parsed = commandLine(main).parseArgs(args);

        assertThat(parsed.unmatched()).isEmpty();
    }

    @Test
    void valuesThatLookLikeOptionsStayValues() throws Exception {
        CommandLine asr = commandLine(dev.opencic.bench.asr.AsrCorpusBenchmark.class);
        CommandLine corpus = commandLine(dev.opencic.bench.asr.CorpusGenerator.class);

        CommandLine.ParseResult ps = asr.parseArgs("--corpus", "c.tsv", "--ps", "-lw=8", "--ps", "-beam=1e-60");
        CommandLine.ParseResult noise = corpus.parseArgs("--out", "o", "--noise-dbfs", "-65");

        java.util.Map<String, String> psOptions = ps.matchedOptionValue("--ps", java.util.Map.of());
        assertThat(psOptions).containsExactly(java.util.Map.entry("-lw", "8"), java.util.Map.entry("-beam", "1e-60"));
        assertThat((String) noise.matchedOptionValue("--noise-dbfs", null)).isEqualTo("-65");
    }

    @Test
    void theDriversShareTheirOptionsButKeepTheirOwnDefaults() throws Exception {
        CommandLine lean = commandLine(dev.opencic.bench.devices.SimulatedDevices.class);
        CommandLine sdk = commandLine(dev.opencic.bench.devices.CicClientDevices.class);
        lean.parseArgs("--url", "http://127.0.0.1:1");
        sdk.parseArgs("--url", "http://127.0.0.1:1");

        assertThat((int) lean.getCommandSpec().findOption("--devices").getValue()).isEqualTo(1000);
        assertThat((int) lean.getCommandSpec().findOption("--ping-interval-seconds").getValue()).isEqualTo(30);
        assertThat((int) sdk.getCommandSpec().findOption("--devices").getValue()).isEqualTo(500);
        assertThat((int) sdk.getCommandSpec().findOption("--ping-interval-seconds").getValue()).isEqualTo(60);
    }
}
