package dev.opencic.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestPostgres;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /healthz} for a load balancer: no token, {@code 200} while the store answers, {@code 503}
 * while it does not (here: PostgreSQL refusing the server's connections), and {@code 200} again once
 * it is back, without a restart.
 */
class HealthCheckTest {

    static TestPostgres pg;
    static String dbName;

    // PostgreSQL is asked for when the server starts, so that its absence skips (fails on CI) the class.
    @RegisterExtension
    static final CicServerExtension onPostgres = new CicServerExtension(b -> {
        pg = TestPostgres.get();
        dbName = pg.createDatabase("health");
        b.dbUrl(pg.jdbcUrl(dbName)).dbUser(pg.user()).dbPassword(pg.password()).dbPoolSize(2).asrPoolSize(0);
    });

    @RegisterExtension
    static final CicServerExtension onH2 = new CicServerExtension(b -> b.asrPoolSize(0));

    static AggregatedHttpResponse healthz(CicServerExtension server) {
        return WebClient.of(server.baseUri()).get("/healthz").aggregate().join();
    }

    @Test
    void theEmbeddedStoreIsHealthy() {
        AggregatedHttpResponse res = healthz(onH2);
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.contentUtf8()).isEqualTo("ok\n");
    }

    @Test
    void aStoreThatDoesNotAnswerIs503UntilItAnswersAgain() {
        assertThat(healthz(onPostgres).status().code()).isEqualTo(200);

        pg.execute("postgres", "ALTER DATABASE " + dbName + " ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + dbName + "'");
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                AggregatedHttpResponse res = healthz(onPostgres);
                assertThat(res.status().code()).isEqualTo(503);
                assertThat(res.contentUtf8()).isEqualTo("unavailable\n");
            });
        } finally {
            pg.execute("postgres", "ALTER DATABASE " + dbName + " ALLOW_CONNECTIONS true");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(healthz(onPostgres).status().code()).isEqualTo(200));
    }
}
