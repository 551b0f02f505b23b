package dev.opencic.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What the account and auth repositories promise on any database the server runs on: a subclass
 * supplies the database (H2 in {@link DatabaseTest}; PostgreSQL once cluster mode has one).
 */
abstract class AuthRepositoriesContract extends StoreContract {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void a_duplicate_username_is_reported_as_a_duplicate_key() {
        JdbcAccountRepository accounts = new JdbcAccountRepository(db.jdbi());
        accounts.insert(account("a1", "alice"));

        assertThatThrownBy(() -> accounts.insert(account("a2", "alice")))
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessageStartingWith("duplicate key: INSERT INTO accounts")
                .hasMessageNotContaining("alice");
        assertThat(accounts.findById("a2")).isEmpty();
    }

    @Test
    void repositories_round_trip_every_field() {
        new JdbcAccountRepository(db.jdbi()).insert(account("a1", "alice"));
        JdbcClientRepository clients = new JdbcClientRepository(db.jdbi());
        Client client = new Client("c1", "Speaker app", "secret-digest", NOW);
        clients.insert(client);
        JdbcDeviceTokenRepository tokens = new JdbcDeviceTokenRepository(db.jdbi());
        DeviceToken token = token("acc1", "ref1", null);
        tokens.insert(token);
        DeviceToken withModel = token("acc2", "ref2", "model-x");
        tokens.insert(withModel);

        assertThat(clients.findById("c1")).contains(client);
        assertThat(tokens.findByAccessHash("acc1")).contains(token);
        assertThat(tokens.findByRefreshHash("ref2")).contains(withModel);
        assertThat(tokens.findByAccessHash("nope")).isEmpty();
    }

    @Test
    void an_authorization_code_can_be_consumed_exactly_once_even_by_concurrent_callers() throws Exception {
        seedAccountAndClient();
        JdbcAuthorizationCodeRepository codes = new JdbcAuthorizationCodeRepository(db.jdbi());
        codes.insert(new AuthorizationCode("code1", "a1", "c1", "dev1", "m1", NOW.plusSeconds(600), false, NOW));

        List<Optional<AuthorizationCode>> results = concurrently(8, () -> codes.consume("code1"));

        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        AuthorizationCode consumed = results.stream().flatMap(Optional::stream).findFirst().orElseThrow();
        assertThat(consumed.used()).isTrue();
        assertThat(consumed.deviceId()).isEqualTo("dev1");
        assertThat(consumed.modelId()).isEqualTo("m1");
        assertThat(codes.consume("code1")).isEmpty();
        assertThat(codes.consume("unknown")).isEmpty();
    }

    @Test
    void a_refresh_token_can_be_rotated_exactly_once_even_by_concurrent_callers() throws Exception {
        seedAccountAndClient();
        JdbcDeviceTokenRepository tokens = new JdbcDeviceTokenRepository(db.jdbi());
        tokens.insert(token("acc0", "ref0", null));

        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            indexes.add(i);
        }
        List<Optional<DeviceToken>> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<DeviceToken>>> futures = new ArrayList<>();
            for (int i : indexes) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return tokens.rotate("ref0", token("acc-new-" + i, "ref-new-" + i, null));
                }));
            }
            start.countDown();
            for (Future<Optional<DeviceToken>> f : futures) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(tokens.findByRefreshHash("ref0")).map(DeviceToken::revoked).contains(true);
        long newRows = indexes.stream()
                              .filter(i -> tokens.findByAccessHash("acc-new-" + i).isPresent())
                              .count();
        assertThat(newRows).isEqualTo(1);
    }

    @Test
    void revoking_by_access_token_reports_only_the_first_revocation() {
        seedAccountAndClient();
        JdbcDeviceTokenRepository tokens = new JdbcDeviceTokenRepository(db.jdbi());
        tokens.insert(token("acc1", "ref1", null));

        assertThat(tokens.revokeByAccessHash("acc1")).map(DeviceToken::accessTokenHash).contains("acc1");
        assertThat(tokens.revokeByAccessHash("acc1")).isEmpty();
        assertThat(tokens.findByAccessHash("acc1")).map(DeviceToken::revoked).contains(true);
        assertThat(tokens.rotate("ref1", token("acc2", "ref2", null))).isEmpty();
        assertThat(tokens.findByAccessHash("acc2")).isEmpty();
    }

    @Test
    void expired_codes_and_sessions_are_purged_and_live_ones_kept() {
        seedAccountAndClient();
        JdbcAuthorizationCodeRepository codes = new JdbcAuthorizationCodeRepository(db.jdbi());
        codes.insert(new AuthorizationCode("old", "a1", "c1", "d", null, NOW.minusSeconds(1), false, NOW));
        codes.insert(new AuthorizationCode("new", "a1", "c1", "d", null, NOW.plusSeconds(60), false, NOW));
        JdbcAccountSessionRepository sessions = new JdbcAccountSessionRepository(db.jdbi());
        sessions.insert(new AccountSession("s-old", "a1", NOW.minusSeconds(1), NOW));
        sessions.insert(new AccountSession("s-new", "a1", NOW.plusSeconds(60), NOW));

        assertThat(codes.deleteExpired(NOW)).isEqualTo(1);
        assertThat(sessions.deleteExpired(NOW)).isEqualTo(1);
        assertThat(sessions.findByTokenHash("s-old")).isEmpty();
        assertThat(sessions.findByTokenHash("s-new")).isPresent();
        assertThat(codes.consume("new")).isPresent();
    }

    private void seedAccountAndClient() {
        new JdbcAccountRepository(db.jdbi()).insert(account("a1", "alice"));
        new JdbcClientRepository(db.jdbi()).insert(new Client("c1", "app", "digest", NOW));
    }

    static Account account(String id, String username) {
        return new Account(id, username, "$argon2id$not-a-real-hash", NOW);
    }

    private static DeviceToken token(String accessHash, String refreshHash, String modelId) {
        return new DeviceToken(accessHash, refreshHash, "a1", "c1", "dev1", modelId,
                               NOW.plus(1, ChronoUnit.HOURS), false, NOW);
    }

    private static <T> List<T> concurrently(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
