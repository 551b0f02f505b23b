package dev.opencic.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import dev.opencic.server.store.Database;
import dev.opencic.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Password guessing is throttled, per account and per address, and hashing cannot take the server. */
class LoginThrottleHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountDownLatch hashingGate = new CountDownLatch(1);
    private volatile boolean gated;
    private Database db;
    private AuthModule auth;

    /** One server per test: the throttles remember every failure from 127.0.0.1. */
    @RegisterExtension
    final ServerExtension server = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            db = Database.inMemory("throttle_" + UUID.randomUUID().toString().replace("-", ""));
            auth = AuthModule.builder(db).clock(clock).freeFailures(5, 8).hashingPool(1, 1)
                    .passwordHasher(new PasswordHasher(1024, 1) {
                        @Override
                        public boolean verify(char[] password, String encodedHash) {
                            if (gated) {
                                try {
                                    hashingGate.await(30, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            return super.verify(password, encodedHash);
                        }
                    }).build();
            auth.bind(sb);
        }
    };

    @org.junit.jupiter.api.BeforeEach
    void startServer() {
        server.start(); // an instance extension is not started before the test by itself
    }

    @AfterEach
    void closeDatabase() {
        hashingGate.countDown();
        db.close();
    }

    private AggregatedHttpResponse login(String user, String password) {
        return loginAsync(user, password).join();
    }

    private CompletableFuture<AggregatedHttpResponse> loginAsync(String user, String password) {
        return WebClient.of(server.uri(com.linecorp.armeria.common.SessionProtocol.H2C)).execute(
                RequestHeaders.of(HttpMethod.POST, "/accounts/login", "content-type", MediaType.FORM_DATA),
                QueryParams.of("username", user, "password", password).toQueryString()).aggregate();
    }

    private static void assertThrottled(AggregatedHttpResponse res, String retryAfter) throws Exception {
        assertThat(res.status().code()).isEqualTo(429);
        assertThat(res.headers().get("retry-after")).isEqualTo(retryAfter);
        JsonNode body = JSON.readTree(res.contentUtf8());
        assertThat(body.path("error").asText()).isEqualTo("too_many_requests");
        assertThat(body.path("error_description").asText()).isNotBlank();
    }

    @Test
    void anAccountIsBlockedAfterFiveFailuresWithABackoffThatDoubles() throws Exception {
        auth.accounts().createAccount("bob", PASSWORD.toCharArray());
        for (int i = 0; i < 5; i++) {
            assertThat(login("bob", "wrong password " + i).status().code()).isEqualTo(401);
        }
        assertThrottled(login("bob", PASSWORD), "1"); // even the right password: nothing is checked
        clock.advance(Duration.ofSeconds(1));
        assertThat(login("bob", "wrong again").status().code()).isEqualTo(401);
        assertThrottled(login("bob", PASSWORD), "2");
        clock.advance(Duration.ofSeconds(2));
        assertThat(login("bob", PASSWORD).status().code()).isEqualTo(200);
        assertThat(login("bob", "wrong after success").status().code()).as("a success clears the count")
                .isEqualTo(401);
    }

    @Test
    void anAddressGuessingAcrossAccountsIsBlockedToo() throws Exception {
        for (int i = 0; i < 8; i++) {
            auth.accounts().createAccount("user" + i, PASSWORD.toCharArray());
            assertThat(login("user" + i, "wrong password").status().code()).isEqualTo(401);
        }
        auth.accounts().createAccount("fresh", PASSWORD.toCharArray());
        assertThrottled(login("fresh", PASSWORD), "1");
    }

    @Test
    void tokenRequestsWithAWrongClientSecretAreThrottledPerDevice() throws Exception {
        ClientCredentials client = auth.clients().createClient("speaker");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(WebClient.of(server.uri(com.linecorp.armeria.common.SessionProtocol.H2C)).execute(
                    RequestHeaders.of(HttpMethod.POST, "/token", "content-type", MediaType.FORM_DATA),
                    QueryParams.builder().add("grant_type", "refresh_token").add("client_id", client.clientId())
                            .add("client_secret", "guess-" + i).add("device_id", "d1").add("refresh_token", "x")
                            .build().toQueryString())
                    .aggregate().join().status().code());
        }
        assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429);
    }

    @Test
    void whenEveryHashingThreadIsBusyAndTheQueueFullALoginGets503WithRetryAfter() throws Exception {
        auth.accounts().createAccount("carol", PASSWORD.toCharArray());
        gated = true;
        List<CompletableFuture<AggregatedHttpResponse>> logins = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            logins.add(loginAsync("carol", PASSWORD));
        }
        // One thread, one queue slot: at most two are taken, the others are refused at once.
        await().atMost(Duration.ofSeconds(20)).until(() -> logins.stream().filter(CompletableFuture::isDone).count() >= 3);
        List<AggregatedHttpResponse> refused = logins.stream().filter(CompletableFuture::isDone)
                .map(CompletableFuture::join).toList();
        for (AggregatedHttpResponse r : refused) {
            assertThat(r.status().code()).isEqualTo(503);
            assertThat(r.headers().get("retry-after")).isEqualTo("1");
            assertThat(JSON.readTree(r.contentUtf8()).path("error").asText()).isEqualTo("temporarily_unavailable");
        }
        hashingGate.countDown();
        assertThat(logins.stream().map(CompletableFuture::join).filter(r -> r.status().code() == 200).count())
                .isBetween(1L, 2L);
    }
}
