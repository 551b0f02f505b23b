package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.CicServerExtension;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The reference device as a real process rings a timer it was given while the server is down. */
class AlarmProcessTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @TempDir
    Path tmp;

    @Test
    void aTimerRingsOnTheDeviceWithTheServerStopped() throws Exception {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                DeviceMain.class.getName(), "--config-dir", dir.toString(), "--json", "run", "--stdin",
                "--ring-seconds", "1"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(out).contains("\"Hello\""));
            OutputStream stdin = p.getOutputStream();
            stdin.write("set a timer for 6 seconds\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("alerts.json"))
                    && Files.readString(dir.resolve("alerts.json")).contains("\"TIMER\""));

            cic.stop();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(out).contains("\"alert\":\"stopped\""));
                String stdout = Files.readString(out);
                assertThat(stdout).contains("{\"alert\":\"ringing\",\"type\":\"TIMER\"");
                // the tone stops (and is printed) before the report is written: the sound does not wait for the disk
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(Files.readString(dir.resolve("alerts.json"))).contains("\"AlertStarted\"")
                                .contains("\"AlertStopped\""));
            } finally {
                cic.start();
            }
            p.destroy();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(Files.readString(err, StandardCharsets.UTF_8)).doesNotContain("\tat ");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void stopTypedWhileATimerRingsAsksTheServerWhichStopsIt() throws Exception {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d2"));
        Path out = tmp.resolve("stdout2.txt");
        Path err = tmp.resolve("stderr2.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                DeviceMain.class.getName(), "--config-dir", dir.toString(), "--json", "run", "--stdin",
                "--ring-seconds", "300"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(out).contains("\"Hello\""));
            OutputStream stdin = p.getOutputStream();
            stdin.write("set a timer for 3 seconds\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(out).contains("\"alert\":\"ringing\""));

            stdin.write("/stop\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();

            // Rings for 5 minutes unless stopped: stopped means the server's StopAlert came back.
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(out).contains("\"alert\":\"stopped\""));
            String ringing = Files.readString(out);
            String token = ringing.substring(ringing.indexOf("\"token\":\"", ringing.indexOf("\"alert\":\"ringing\"")) + 9);
            String stopped = token.substring(0, token.indexOf('"'));
            assertThat(ringing).contains("\"name\":\"StopAlert\"");
            // The server dropped the one-off timer on AlertStopped (DeleteAlert), and so did the device.
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(out).contains("\"name\":\"DeleteAlert\""));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(Files.readString(dir.resolve("alerts.json"))).doesNotContain(stopped));
            p.destroy();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(Files.readString(err, StandardCharsets.UTF_8)).doesNotContain("\tat ");
        } finally {
            p.destroyForcibly();
        }
    }
}
