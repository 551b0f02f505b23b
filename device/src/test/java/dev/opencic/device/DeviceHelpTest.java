package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --help} on the device command and every subcommand prints its usage and exits 0. */
class DeviceHelpTest {

    @Test
    void everyCommandAnswersHelpWithItsUsageAndExitCode0() {
        List<String> commands = new ArrayList<>(List.of(""));
        commands.addAll(DeviceMain.commandLine(System.in).getSubcommands().keySet());
        assertThat(commands).contains("login", "logout", "say", "ask", "listen", "run");

        for (String command : commands) {
            Cli.Result r = command.isEmpty() ? Cli.run("", "--help") : Cli.run("", command, "--help");

            assertThat(r.exitCode()).as("cic device %s --help: %s", command, r).isZero();
            assertThat(r.out()).startsWith("Usage: cic device" + (command.isEmpty() ? "" : " " + command));
            assertThat(r.err()).isEmpty();
        }
        assertThat(Cli.run("", "say", "--help").out()).contains("--then");
    }
}
