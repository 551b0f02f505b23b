package dev.opencic.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store settings: H2 unless db-url names PostgreSQL; the password from the environment, never shown. */
class DatabaseSettingsTest {

    @TempDir
    Path dir;

    @Test
    void withoutDbUrlTheStoreIsH2InTheDataDirectory() throws Exception {
        ServerConfig c = ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString()));
        assertThat(c.dbUrl()).isNull();
        assertThat(c.dbPoolSize()).isEqualTo(8);
        assertThat(c.describe().get("db-url")).isEqualTo("(H2 in the data directory)");
    }

    @Test
    void thePasswordComesFromTheEnvironmentAndIsNeverDescribed() throws Exception {
        ServerConfig c = ConfigLoader.load(null, Map.of("CIC_DB_PASSWORD", "s3cret-pw"),
                Map.of("data-dir", dir.toString(), "db-url", "jdbc:postgresql://127.0.0.1:5432/cic?password=in-url-pw",
                       "db-user", "cic", "db-pool-size", "20"));
        assertThat(c.dbUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/cic?password=in-url-pw");
        assertThat(c.dbUser()).isEqualTo("cic");
        assertThat(c.dbPassword()).isEqualTo("s3cret-pw");
        assertThat(c.dbPoolSize()).isEqualTo(20);
        assertThat(c.describe().toString()).doesNotContain("s3cret-pw").doesNotContain("in-url-pw")
                .contains("db-url=jdbc:postgresql://127.0.0.1:5432/cic?password=***");
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString(),
                "db-url", "jdbc:mysql://db/cic", "db-user", "cic")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("db-url: jdbc:mysql://db/cic");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString(),
                "db-url", "jdbc:postgresql://db/cic")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("db-url needs db-user");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString(),
                "db-pool-size", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("db-pool-size: 0");
    }
}
