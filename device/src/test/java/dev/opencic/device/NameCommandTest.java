package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.CicServerExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code cic device name}: the device names itself (Household.SetDeviceName), against the real server. */
class NameCommandTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @TempDir
    Path tmp;

    @Test
    void theDeviceNamesItselfAndTheHouseholdKnowsItByThatName() {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));

        Cli.Result named = Cli.run("", "--config-dir", dir.toString(), "name", "kitchen speaker", "--room", "kitchen");
        assertThat(named.exitCode()).as(named.toString()).isZero();
        assertThat(named.out()).contains("This device is now called kitchen speaker, in the kitchen.");

        Cli.Result asked = Cli.run("", "--config-dir", dir.toString(), "say", "what's this speaker called");
        assertThat(asked.out()).contains("This is the kitchen speaker, in the kitchen.");
    }

    @Test
    void aNameOverTheLimitIsRefusedInOneLineAndChangesNothing() {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));

        Cli.Result tooLong = Cli.run("", "--config-dir", dir.toString(), "name", "x".repeat(129));
        assertThat(tooLong.exitCode()).as(tooLong.toString()).isNotZero();
        assertThat(tooLong.err().strip().lines().count()).as(tooLong.toString()).isEqualTo(1);
        assertThat(tooLong.err()).contains("128").doesNotContain("at dev.opencic");
        Cli.Result blank = Cli.run("", "--config-dir", dir.toString(), "name", " ");
        assertThat(blank.exitCode()).isNotZero();

        Cli.Result asked = Cli.run("", "--config-dir", dir.toString(), "say", "what's this speaker called");
        assertThat(asked.out()).contains("This device has no name yet.");
    }
}
