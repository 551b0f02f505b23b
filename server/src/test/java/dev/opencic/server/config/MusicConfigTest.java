package dev.opencic.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The music settings: folders (several, like PATH), rescan interval, URL lifetime, base URL. */
class MusicConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreNoLibraryAThirtySecondRescanAndUrlsFromTheRequest() throws Exception {
        ServerConfig c = ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString()));
        assertThat(c.musicDirs()).isEmpty();
        assertThat(c.musicRescanInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.musicUrlTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.musicBaseUrl()).isNull();
    }

    @Test
    void severalFoldersFromTheFileOrTheEnvironment() throws Exception {
        Files.writeString(dir.resolve("cic.properties"), "music-dir=/srv/music" + File.pathSeparator + " /home/a/Music \n"
                + "music-base-url=https://cic.example.org/\n");
        ServerConfig c = ConfigLoader.load(null, Map.of("CIC_MUSIC_RESCAN_SECONDS", "0"),
                Map.of("data-dir", dir.toString()));
        assertThat(c.musicDirs()).containsExactly(Path.of("/srv/music"), Path.of("/home/a/Music"));
        assertThat(c.musicRescanInterval()).isZero();
        assertThat(c.musicBaseUrl()).isEqualTo("https://cic.example.org");
        assertThat(ConfigLoader.load(null, Map.of("CIC_MUSIC_DIR", "/x"), Map.of("data-dir", dir.toString())).musicDirs())
                .isEqualTo(List.of(Path.of("/x")));
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("music-rescan-seconds", "-1")))
                .hasMessageStartingWith("music-rescan-seconds: -1");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("music-url-ttl-seconds", "0")))
                .hasMessageStartingWith("music-url-ttl-seconds: 0");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("music-base-url", "ftp://x")))
                .hasMessageStartingWith("music-base-url: ftp://x");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("music-base-url", "http://x/?sig=1")))
                .hasMessageContaining("without query");
    }
}
