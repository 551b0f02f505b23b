package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.CicServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delegation to the reference device: while {@code cic device run} is connected as the "study
 * speaker", another device of the account asks for a timer "on the study speaker"; the run answers
 * the pushed Clova.HandleDelegatedEvent with ProcessDelegatedEvent (the SDK's ClovaAgent, now
 * registered) and carries out what comes back: the timer is set on the speaker.
 */
class DeviceDelegationTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @TempDir
    Path tmp;

    @Test
    void aRequestHandedToTheRunningDeviceIsFetchedAndCarriedOut() throws Exception {
        Path speaker = Cli.loggedInDevice(cic, tmp.resolve("speaker"));
        Cli.Result named = Cli.run("", "--config-dir", speaker.toString(), "name", "study speaker");
        assertThat(named.exitCode()).as(named.toString()).isZero();
        Path phone = Cli.loggedInDevice(cic, tmp.resolve("phone"));

        Cli.Capture capture = new Cli.Capture();
        CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() -> Cli.run(capture, "",
                "--config-dir", speaker.toString(), "--out", tmp.resolve("out").toString(), "run", "--no-sound",
                "--seconds", "10"));
        await().atMost(Duration.ofSeconds(10)).until(() -> capture.out.toString().contains("Connected to"));

        Cli.Result asked = Cli.run("", "--config-dir", phone.toString(), "--out", tmp.resolve("phone-out").toString(),
                "say", "set a timer for ten minutes on the study speaker");
        assertThat(asked.exitCode()).as(asked.toString()).isZero();
        assertThat(asked.out()).contains("On the study speaker: ");

        await().atMost(Duration.ofSeconds(10)).until(() -> capture.out.toString().contains("Alerts.SetAlert"));
        Cli.Result run = running.get();
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Delegated: another device handed a request to this one");
        assertThat(Cli.read(speaker.resolve("alerts.json"))).contains("TIMER");
    }
}
