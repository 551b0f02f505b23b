package dev.opencic.device;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The reference device: {@code ./cic device [--config-dir DIR] [--json] [--out DIR] COMMAND}. Global
 * options may come before or after the subcommand. Exit codes: 0 success, 1 failure (server error,
 * unreadable input, no audio device), 2 usage, 3 not logged in or refused (401), 4 server
 * unreachable; the reason is one line on stderr, never a stack trace.
 */
@Command(name = "cic device", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "OpenCIC reference device 0.1.0",
        description = "A CIC device on the command line: log in, send text or speech, print what comes back.",
        subcommands = {LoginCommand.class, LogoutCommand.class, SayCommand.class, AskCommand.class,
                ListenCommand.class, RunCommand.class, NameCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (server error, bad input, no audio device)", "2:usage",
                "3:not logged in, or refused (401)", "4:server unreachable"})
public final class DeviceMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Device state: settings and tokens (default: ~/.config/cic-device)")
    Path configDir;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "One JSON object per line: directives as received plus saved attachment paths")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Where attachments (Speak audio) and music streams are saved; default a new temporary folder (music is saved only with --out)")
    Path outDir;

    private final InputStream stdin;
    private Duration connectTimeout = Duration.ofSeconds(10);
    /** Where speech is played; null: nowhere (saved only; the device tests run so, headless). */
    private SpeakerOutput.Lines speakerLines = SpeakerOutput.SOUND_CARD;

    DeviceMain(InputStream stdin) {
        this.stdin = stdin;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.in).execute(args));
    }

    /** The command line with its error handling; tests set out/err on it and call {@code execute}. */
    public static CommandLine commandLine(InputStream stdin) {
        return commandLine(new DeviceMain(stdin));
    }

    static CommandLine commandLine(DeviceMain main) {
        CommandLine cl = new CommandLine(main);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> main.fail(ex));
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("cic device: " + DeviceException.oneLine(ex.getMessage())
                    + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            ex.getCommandLine().getErr().flush();
            return DeviceException.USAGE;
        });
        return cl;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(err());
        return DeviceException.USAGE;
    }

    /** Prints a failure (one line on stderr; a JSON error line on stdout with --json) and returns its exit code. */
    int fail(Throwable t) {
        DeviceException e = DeviceException.from(t, serverForMessages());
        new DirectivePrinter(out(), err(), json, Path.of("."), false).error(e.serverCode(), e.description(), e.getMessage());
        return e.exitCode();
    }

    private String serverForMessages() {
        try {
            DeviceConfig.Settings s = config().load();
            return s != null ? s.serverUrl() : "the server";
        } catch (IOException e) {
            return "the server";
        }
    }

    DeviceConfig config() {
        return new DeviceConfig(configDir != null ? configDir : DeviceConfig.defaultDir());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    InputStream stdin() {
        return stdin;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    DeviceMain connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    DeviceMain speaker(SpeakerOutput.Lines lines) {
        this.speakerLines = lines;
        return this;
    }

    /**
     * Where a command's Speak audio goes: the speaker (saying once when there is none), or with
     * {@code sound} false nowhere; the printer saves it either way.
     */
    dev.opencic.client.agent.AudioOutput speechOutput(DirectivePrinter printer, boolean sound) {
        return sound && speakerLines != null ? new SpeakerOutput(speakerLines, printer::warn) : SayCommand.SAVED_ONLY;
    }

    /**
     * The printer of a command: attachments go to {@code --out}, else a new temporary folder whose
     * path is printed (in human mode) so the user can find the audio.
     */
    DirectivePrinter printer(boolean cloudInitiated) throws DeviceException {
        Path dir = outDir;
        boolean temp = dir == null;
        try {
            if (temp) {
                dir = Files.createTempDirectory("cic-device-");
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new DeviceException(DeviceException.FAILED, "cannot create output directory "
                    + (dir != null ? dir : "in " + System.getProperty("java.io.tmpdir")) + ": " + e.getMessage());
        }
        DirectivePrinter p = new DirectivePrinter(out(), err(), json, dir.toAbsolutePath(), cloudInitiated);
        if (temp) {
            p.info("Attachments are saved to " + dir.toAbsolutePath());
        }
        return p;
    }

    /** A password: from the console without echo when there is one, else the first line of stdin. */
    char[] readPassword(String prompt) throws DeviceException {
        Console console = System.console();
        if (console != null && stdin == System.in) {
            char[] p = console.readPassword("%s", prompt);
            if (p != null && p.length > 0) {
                return p;
            }
            throw new DeviceException(DeviceException.USAGE, "no password entered");
        }
        try {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new DeviceException(DeviceException.USAGE, "no password on stdin (pipe it in: echo PASSWORD | cic device login ...)");
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw new DeviceException(DeviceException.FAILED, "cannot read the password from stdin: " + e.getMessage());
        }
    }
}
