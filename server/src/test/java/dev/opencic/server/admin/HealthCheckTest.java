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

    static final TestPostgres PG = TestPostgres.get();
    static final String DB = PG.createDatabase("health");

    @RegisterExtension
    static final CicServerExtension onPostgres = new CicServerExtension(b -> b
            .dbUrl(PG.jdbcUrl(DB)).dbUser(PG.user()).dbPassword(PG.password()).dbPoolSize(2).asrPoolSize(0));

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

        PG.execute("postgres", "ALTER DATABASE " + DB + " ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DB + "'");
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                AggregatedHttpResponse res = healthz(onPostgres);
                assertThat(res.status().code()).isEqualTo(503);
                assertThat(res.contentUtf8()).isEqualTo("unavailable\n");
            });
        } finally {
            PG.execute("postgres", "ALTER DATABASE " + DB + " ALLOW_CONNECTIONS true");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(healthz(onPostgres).status().code()).isEqualTo(200));
    }
}
