package dev.opencic.server.skill.music;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.store.Database;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.ToneLibrary.Song;
import dev.opencic.server.testing.ToneLibrary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module scans before the server starts and hands the library's names to the recogniser. */
class MusicModuleTest {

    @TempDir
    Path dir;

    @Test
    void theLibrarysNamesBecomeSlotExamplesAndTheUrlKeyIsPrivate() throws Exception {
        Engines.requireLame();
        Path music = dir.resolve("music");
        ToneLibrary.write(music, List.of(
                new Song("a.mp3", "Fold Back", "Nyquist and the Samplers", "Aliasing", "Rock", 1, 1, 330),
                new Song("b.mp3", "Blue Hertz", "The Sine Waves", "Pure Tones", "Smooth Jazz", 1, 1, 220)));
        ServerConfig config = ServerConfig.builder().dataDir(dir.resolve("data")).musicDirs(List.of(music)).build();
        ScheduledExecutorService blocking = Executors.newSingleThreadScheduledExecutor();
        try (Database db = Database.inMemory("music-module-test")) {
            Files.createDirectories(config.dataDir());
            MusicModule module = new MusicModule(new SkillContext(config, db, null, null, blocking, null,
                    new SimpleMeterRegistry(), Clock.systemUTC()));
            assertThat(module.library().size()).isEqualTo(2);
            var examples = module.slotExamples();
            assertThat(examples.get("artist")).containsExactlyInAnyOrder("nyquist and the samplers", "the sine waves");
            assertThat(examples.get("album")).containsExactlyInAnyOrder("aliasing", "pure tones");
            assertThat(examples.get("song")).containsExactlyInAnyOrder("fold back", "blue hertz");
            assertThat(examples.get("genre")).containsExactly("rock"); // {genre} is one word
            assertThat(examples.get("query")).hasSize(6);
            Path key = config.dataDir().resolve("music-url.key");
            assertThat(Files.getPosixFilePermissions(key)).extracting(Object::toString)
                    .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
            module.close();
        } finally {
            blocking.shutdownNow();
        }
    }
}
