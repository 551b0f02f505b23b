package dev.opencic.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster settings: no Redis unless redis-url is set; a node id unique per server; no password shown. */
class ClusterSettingsTest {

    @TempDir
    Path dir;

    @Test
    void withoutRedisUrlTheServerIsASingleNodeWithAUniqueNodeId() throws Exception {
        ServerConfig a = ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString()));
        ServerConfig b = ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString()));
        assertThat(a.redisUrl()).isNull();
        assertThat(a.describe().get("redis-url")).isEqualTo("(none: single node)");
        assertThat(a.nodeId()).matches("[A-Za-z0-9._-]{1,64}").contains("-" + ProcessHandle.current().pid() + "-");
        assertThat(b.nodeId()).isNotEqualTo(a.nodeId());
    }

    @Test
    void redisUrlAndNodeIdAreTakenAndThePasswordIsNeverDescribed() throws Exception {
        ServerConfig c = ConfigLoader.load(null, Map.of("CIC_REDIS_URL", "rediss://cic:s3cret-pw@redis.example:6380"),
                Map.of("data-dir", dir.toString(), "node-id", "node-2"));
        assertThat(c.redisUrl()).isEqualTo("rediss://cic:s3cret-pw@redis.example:6380");
        assertThat(c.nodeId()).isEqualTo("node-2");
        assertThat(c.describe().toString()).doesNotContain("s3cret-pw")
                .contains("redis-url=rediss://***@redis.example:6380").contains("node-id=node-2");
        ServerConfig plain = ConfigLoader.load(null, Map.of(),
                Map.of("data-dir", dir.toString(), "redis-url", "redis://127.0.0.1:6379"));
        assertThat(plain.describe().get("redis-url")).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString(),
                "redis-url", "http://127.0.0.1:6379")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("redis-url: http://127.0.0.1:6379");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString(),
                "redis-url", "redis://user:pw@")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("redis-url: redis://***@")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString(),
                "node-id", "node 1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("node-id: node 1");
    }
}
