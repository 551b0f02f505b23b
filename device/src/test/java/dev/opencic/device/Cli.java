package dev.opencic.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.MessageCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the device's command line in-process with a given stdin, capturing stdout and stderr. */
final class Cli {

    /** The outcome of one run. */
    record Result(int exitCode, String out, String err, long millis) {
        /** Every stdout line parsed as JSON (fails the test if one is not JSON). */
        List<JsonNode> jsonLines() {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        lines.add(MessageCodec.mapper().readTree(line));
                    } catch (IOException e) {
                        throw new AssertionError("stdout line is not JSON: " + line, e);
                    }
                }
            }
            return lines;
        }

        /** The JSON lines of directives named {@code Namespace.Name}. */
        List<JsonNode> directives(String qualifiedName) {
            return jsonLines().stream().filter(n -> qualifiedName.equals(n.at("/directive/header/namespace").asText()
                    + "." + n.at("/directive/header/name").asText())).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Output captured while a command runs (for commands run on another thread, such as {@code run}). */
    static final class Capture {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
    }

    private Cli() {}

    static Result run(String stdin, String... args) {
        return run(new Capture(), stdin, args);
    }

    static Result run(Capture capture, String stdin, String... args) {
        return run(capture, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    /** A run whose stdin the test writes while it runs (a pipe). */
    static Result run(Capture capture, java.io.InputStream stdin, String... args) {
        DeviceMain main = new DeviceMain(stdin)
                .connectTimeout(Duration.ofSeconds(3))
                .speaker(null); // headless, as on CI: speech is saved, not played (SpeakerOutputTest plays it)
        CommandLine cl = DeviceMain.commandLine(main);
        cl.setOut(new PrintWriter(capture.out, true));
        cl.setErr(new PrintWriter(capture.err, true));
        long start = System.nanoTime();
        int code = cl.execute(args);
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(code, capture.out.toString(), capture.err.toString(), millis);
    }

    /** Logs a fresh device (its own config dir) in to the test server; fails the test if that fails. */
    static Path loggedInDevice(dev.opencic.server.testing.CicServerExtension cic, Path configDir) {
        Result r = run(dev.opencic.server.testing.CicServerExtension.PASSWORD + "\n",
                "--config-dir", configDir.toString(), "login", "--server", cic.baseUri(),
                "--user", dev.opencic.server.testing.CicServerExtension.USER,
                "--client-id", cic.clientId(), "--client-secret", cic.clientSecret());
        if (r.exitCode() != 0) {
            throw new AssertionError("login failed: " + r);
        }
        return configDir;
    }

    static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
