package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.testing.CicServerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} as a real process: SIGTERM (what Ctrl-C and service managers send) closes it cleanly. */
class RunProcessTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    @TempDir
    Path tmp;

    @Test
    void sigtermClosesTheDownchannelAndExitsWithoutAStackTrace() throws Exception {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                DeviceMain.class.getName(), "--config-dir", dir.toString(), "--json", "run"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            String token = MessageCodec.mapper().readTree(dir.resolve("tokens.json").toFile()).path("access_token").asText();
            DeviceIdentity identity = cic.server().auth().tokens().verify(token).join().orElseThrow();
            await().atMost(Duration.ofSeconds(20)).until(() -> cic.server().downchannels().isOpen(identity)
                    && Files.readString(out).contains("\"Hello\""));

            p.destroy(); // SIGTERM

            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exited").isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> !cic.server().downchannels().isOpen(identity));
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(stderr).doesNotContain("Exception").doesNotContain("\tat ");
        } finally {
            p.destroyForcibly();
        }
    }
}
