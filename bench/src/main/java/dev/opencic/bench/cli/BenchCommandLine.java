package dev.opencic.bench.cli;

import picocli.CommandLine;

/**
 * How every bench {@code main} runs its picocli command, so that they all parse, print usage and
 * report bad options alike: {@code --help} prints the usage and exits 0, an unknown or malformed
 * option prints the error and the usage and exits 2, a failure while running exits 1.
 */
public final class BenchCommandLine {

    private BenchCommandLine() {}

    /** The command line for {@code command} (an instance of a class annotated {@code @Command}). */
    public static CommandLine of(Object command) {
        return new CommandLine(command)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpWidth(110);
    }

    /** Runs {@code command} with {@code args} and exits the JVM with its exit code. */
    public static void runAndExit(Object command, String[] args) {
        System.exit(of(command).execute(args));
    }
}
