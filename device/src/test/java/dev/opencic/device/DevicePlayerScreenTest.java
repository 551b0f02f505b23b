package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.ToneLibrary;
import dev.opencic.server.testing.ToneLibrary.Song;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference device against the server's own music library: {@code /like} typed during {@code
 * run} sends the Like button for the song playing and prints the player list the server answers
 * with, the song marked liked; "repeat this song" reaches the device's player as SetRepeatMode.
 */
class DevicePlayerScreenTest {

    static final Path LIBRARY = library();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0).musicDirs(List.of(LIBRARY)));

    @TempDir
    Path tmp;

    static Path library() {
        try {
            Path dir = Files.createTempDirectory("device-music");
            if (ToneLibrary.hasLame()) {
                ToneLibrary.write(dir, List.of(new Song("Duke/Tones/01.mp3", "Morning Tone", "Duke Sine", "Tones",
                        "Jazz", 1, 4.0, 440)));
            }
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void needsLame() {
        Engines.requireLame();
    }

    @Test
    void likeTypedWhileASongPlaysIsKeptAndTheListIsPrinted() throws Exception {
        Path config = Cli.loggedInDevice(cic, tmp.resolve("device"));
        var typing = new java.io.PipedOutputStream();
        var stdin = new java.io.PipedInputStream(typing);
        Cli.Capture capture = new Cli.Capture();
        CompletableFuture<Cli.Result> result = CompletableFuture.supplyAsync(() -> Cli.run(capture, stdin,
                "--config-dir", config.toString(), "--out", tmp.resolve("out").toString(), "run", "--no-sound",
                "--stdin", "--seconds", "8"));
        typing.write("/like\nplay duke sine\n".getBytes());
        typing.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> capture.out.toString().contains("Music PlayStarted"));
        typing.write("/like\nrepeat this song\n".getBytes());
        typing.close();
        Cli.Result r = result.get();

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("nothing is playing to like");
        assertThat(r.out()).contains("Player (1):", "1. Morning Tone - Duke Sine (liked)");
        assertThat(r.out()).contains("PlaybackController.SetRepeatMode");
    }
}
