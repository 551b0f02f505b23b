package dev.opencic.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cic serve} and {@code cic admin}: the server side of the {@code ./cic} launcher. */
// INHERIT: --help and --version work on every subcommand too (cic admin user add --help).
@Command(name = "cic", mixinStandardHelpOptions = true, scope = picocli.CommandLine.ScopeType.INHERIT,
        version = "OpenCIC 0.1.0",
        description = "Self-hostable Clova Interface Connect server.",
        subcommands = {ServeCommand.class, AdminCommand.class, ClusterDemoCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0 || !ServeCommand.isServing()) {
            System.exit(code);
        }
    }

    /** The command line with its error handling; tests run it without exiting the JVM. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // One line, no stack trace: scripts and people read this.
            cmd.getErr().println("cic: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
