package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.CicServerExtension;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference device under DeviceControl, against the real skills: it sets its own volume, says
 * what it cannot do for the screen and Bluetooth it does not have, and reports the state it would
 * have (the server decides from that state, so "brighter" reaches it because it declares the action).
 */
class DeviceControlsRunTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @TempDir
    Path tmp;

    @Test
    void runActsOnVolumeAndPrintsWhatItCannotDo() throws Exception {
        Path config = Cli.loggedInDevice(cic, tmp.resolve("device"));
        var typing = new PipedOutputStream();
        var stdin = new PipedInputStream(typing);
        Cli.Capture capture = new Cli.Capture();
        CompletableFuture<Cli.Result> result = CompletableFuture.supplyAsync(() -> Cli.run(capture, stdin,
                "--config-dir", config.toString(), "--out", tmp.resolve("out").toString(), "run", "--no-sound",
                "--stdin", "--seconds", "20"));
        // one line at a time: a new request supersedes the dialog of the one before
        String[][] steps = {
                {"turn the volume to three", "Volume 3"},
                {"louder", "Volume 4"},
                {"brighter", "(no screen) brightness would be 80"},
                {"turn on bluetooth", "(no Bluetooth radio) Bluetooth would be on"},
                {"open settings", "cannot open the settings screen: no screen"}};
        for (String[] step : steps) {
            typing.write((step[0] + "\n").getBytes(StandardCharsets.UTF_8));
            typing.flush();
            await(step[0]).atMost(Duration.ofSeconds(15)).until(() -> capture.out.toString().contains(step[1]));
        }
        typing.close();
        Cli.Result r = result.get();
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }
}
