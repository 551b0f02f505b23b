package dev.opencic.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.server.config.ConfigLoader;
import dev.opencic.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * db-scheduler's liveness timing: db-scheduler's own 5 min on H2 (one node, as before), 5 s with a
 * shared database so a killed node's executions are taken over within half a minute; both settable.
 */
class SchedulerTimingSettingsTest {

    @TempDir
    Path dir;

    @Test
    void singleNodeKeepsDbSchedulersTimingAndAClusterGetsSeconds() throws Exception {
        ServerConfig single = ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString()));
        assertThat(single.schedulerHeartbeat()).isEqualTo(Duration.ofMinutes(5));
        assertThat(single.schedulerMissedHeartbeats()).isEqualTo(6);
        ServerConfig node = ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString(),
                "db-url", "jdbc:postgresql://127.0.0.1:5432/cic", "db-user", "cic"));
        assertThat(node.schedulerHeartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(node.describe()).containsEntry("scheduler-heartbeat-ms", 5000L)
                .containsEntry("scheduler-missed-heartbeats", 6);
    }

    @Test
    void timingIsSettableAndValidated() throws Exception {
        ServerConfig set = ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString(),
                "scheduler-heartbeat-ms", "2000", "scheduler-missed-heartbeats", "5"));
        assertThat(set.schedulerHeartbeat()).isEqualTo(Duration.ofSeconds(2));
        assertThat(set.schedulerMissedHeartbeats()).isEqualTo(5);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString(),
                "scheduler-missed-heartbeats", "3"))).hasMessageContaining("scheduler-missed-heartbeats: 3");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString(),
                "scheduler-heartbeat-ms", "50"))).hasMessageContaining("scheduler-heartbeat-ms: 50");
    }
}
