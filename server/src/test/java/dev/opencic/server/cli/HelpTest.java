package dev.opencic.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help} on every command and subcommand prints its usage and exits 0. */
class HelpTest {

    @Test
    void everyCommandAndSubcommandAnswersHelpWithItsUsageAndExitCode0() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).extracting(p -> String.join(" ", p))
                .contains("", "serve", "admin", "admin user", "admin user add", "admin client add", "admin place set");

        for (List<String> path : paths) {
            CommandLine cli = Main.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            List<String> args = new ArrayList<>(path);
            args.add("--help");

            int code = cli.execute(args.toArray(String[]::new));

            assertThat(code).as("cic %s --help: %s", String.join(" ", path), err).isZero();
            assertThat(out.toString()).as("cic %s --help", String.join(" ", path))
                    .startsWith("Usage: cic" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
            assertThat(err.toString()).isEmpty();
        }
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) { // skip aliases
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, into);
            }
        });
    }
}
