package dev.opencic.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.store.Database;
import dev.opencic.server.testing.ServerProcess;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./cic serve} as its own process: what it listens on, its files, and kill -9 right after a 200. */
@EnabledOnOs(OS.LINUX)
class ServerProcessTest {

    @TempDir
    Path dataDir;

    @Test
    void onlyTheConfiguredPortAndTheLoopbackAdminPortListenAndTheDataIsOwnerOnly() throws Exception {
        ServerProcess.seed(dataDir);
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            int admin = ServerProcess.adminPort(dataDir);
            // No H2 AUTO_SERVER port, no TLS port (off), nothing on another address.
            assertThat(server.listeningSockets())
                    .containsExactlyInAnyOrder("127.0.0.1:" + server.httpPort(), "127.0.0.1:" + admin);

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(dataDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String expected = Files.isDirectory(f) ? "rwx------" : "rw-------";
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                            .as(f.getFileName().toString()).isEqualTo(expected);
                }
            }
            assertThat(dataDir.resolve("admin.secret")).exists();
        }
        assertThat(dataDir.resolve("admin.endpoint")).as("removed at a clean stop").doesNotExist();
    }

    @Test
    void aMemoAcknowledgedJustBeforeKill9IsThereAfterTheRestart() throws Exception {
        ServerProcess.Credentials credentials = ServerProcess.seed(dataDir);
        String text = "the crash test memo " + System.nanoTime();
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            String token = server.obtainToken(credentials, "crash-device");
            try (TestDevice device = new TestDevice(server.h2cUri(), "crash-device", token)) {
                device.connect();
                StreamedParts reply = device.send("TextRecognizer", "Recognize", "d-crash",
                        TestDevice.payload().put("text", "remember that " + text));
                reply.rest(); // the whole 200 answer is in
                assertThat(reply.status()).isEqualTo(200);
                server.kill(); // at once: no shutdown hook, no close
            }
        }
        assertThat(dataDir.resolve("admin.endpoint")).as("left behind by kill -9").exists();
        // What the restarted server opens: the database after recovery.
        try (Database db = Database.open(dataDir)) {
            int found = db.jdbi().withHandle(h -> h.select("SELECT COUNT(*) FROM memos WHERE content LIKE ?",
                    "%" + text + "%").mapTo(Integer.class).one());
            assertThat(found).as("the acknowledged memo").isEqualTo(1);
        }
        // And the server itself starts on it again, the stale endpoint file notwithstanding.
        try (ServerProcess again = ServerProcess.start(dataDir)) {
            assertThat(again.listeningSockets()).hasSize(2);
        }
    }
}
