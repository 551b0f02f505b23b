package dev.opencic.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.TestCluster;
import dev.opencic.server.testing.TestPostgres;
import io.micrometer.core.instrument.Counter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The expired-token purge, a recurring task every node registers, runs once per period across a
 * cluster of three nodes on one PostgreSQL database, not once per node.
 */
class ClusterPurgeOnceTest {

    static final Duration AWAIT = Duration.ofSeconds(30);
    static final MutableClock clock = new MutableClock(Instant.now());
    static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start("purge_once", 3, b -> b.asrPoolSize(0), s -> s.clock(clock));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theTokenPurgeRunsOnceAPeriodWhateverTheNumberOfNodes() throws Exception {
        // The first run, at start, on whichever node took it: its next run is then 10 minutes away.
        await().atMost(AWAIT).until(() -> runs() >= 1 && nextRun().isAfter(clock.instant()));
        double before = runs();
        for (int period = 1; period <= 3; period++) {
            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            for (int n = 1; n <= cluster.size(); n++) {
                cluster.node(n).server().scheduler().checkDueNow(); // every node looks at once
            }
            double expected = before + period;
            await().atMost(AWAIT).until(() -> runs() >= expected && nextRun().isAfter(clock.instant()));
            // Run and rescheduled past now: no node can run it again in this period.
            assertThat(runs()).as("runs over the three nodes after period " + period).isEqualTo(expected);
        }
    }

    /** Runs summed over the nodes. */
    private static double runs() {
        double sum = 0;
        for (int n = 1; n <= cluster.size(); n++) {
            Counter c = cluster.node(n).server().meters().find("cic.auth.purges").counter();
            sum += c == null ? 0 : c.count();
        }
        return sum;
    }

    /** When the purge is due next, from db-scheduler's table; the epoch while it is being run. */
    private static Instant nextRun() throws Exception {
        TestPostgres pg = TestPostgres.get();
        try (Connection c = DriverManager.getConnection(cluster.dbUrl(), pg.user(), pg.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT execution_time, picked FROM scheduled_tasks"
                                           + " WHERE task_name = 'purge-expired-auth'")) {
            if (!rs.next() || rs.getBoolean("picked")) {
                return Instant.EPOCH;
            }
            return rs.getTimestamp("execution_time").toInstant();
        }
    }
}
