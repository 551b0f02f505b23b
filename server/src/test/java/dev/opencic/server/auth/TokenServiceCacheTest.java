package dev.opencic.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.store.Database;
import dev.opencic.server.store.DeviceToken;
import dev.opencic.server.store.DeviceTokenRepository;
import dev.opencic.server.store.JdbcAccountRepository;
import dev.opencic.server.store.JdbcAccountSessionRepository;
import dev.opencic.server.store.JdbcAuthorizationCodeRepository;
import dev.opencic.server.store.JdbcClientRepository;
import dev.opencic.server.store.JdbcDeviceTokenRepository;
import dev.opencic.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How {@link TokenService#verify} uses its cache, watched through a counting token repository. */
class TokenServiceCacheTest {

    private static final String BLOCKING_THREAD = "test-blocking";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T00:00:00Z"));
    private Database db;
    private ExecutorService blocking;
    private CountingTokens counting;
    private ClientService clients;
    private AccountService accounts;
    private ClientCredentials client;
    private String accountId;

    @BeforeEach
    void setUp() {
        db = Database.inMemory("cache_" + UUID.randomUUID().toString().replace("-", ""));
        blocking = Executors.newFixedThreadPool(2, r -> new Thread(r, BLOCKING_THREAD));
        counting = new CountingTokens(new JdbcDeviceTokenRepository(db.jdbi()));
        clients = new ClientService(new JdbcClientRepository(db.jdbi()), clock);
        accounts = new AccountService(new JdbcAccountRepository(db.jdbi()),
                                      new JdbcAccountSessionRepository(db.jdbi()),
                                      new PasswordHasher(), clock, Duration.ofHours(1));
        client = clients.createClient("app");
        accountId = accounts.createAccount("alice", "password1".toCharArray()).accountId();
    }

    @AfterEach
    void tearDown() {
        blocking.shutdownNow();
        db.close();
    }

    private TokenService newService(Duration negativeTtl) {
        return new TokenService(counting, new JdbcAuthorizationCodeRepository(db.jdbi()), clients, clock,
                                Duration.ofHours(1), Duration.ofMinutes(10), negativeTtl, blocking);
    }

    private IssuedTokens issue(TokenService tokens, String deviceId) {
        String code = tokens.createAuthorizationCode(accountId, client.clientId(), deviceId, null);
        return tokens.exchangeCode(client.clientId(), client.clientSecret(), code, deviceId, null);
    }

    @Test
    void a_newly_issued_token_verifies_at_once_without_a_database_read() {
        TokenService tokens = newService(Duration.ofSeconds(5));
        IssuedTokens issued = issue(tokens, "dev1");

        CompletableFuture<Optional<DeviceIdentity>> result = tokens.verify(issued.accessToken());

        assertThat(result).isCompletedWithValue(Optional.of(new DeviceIdentity(accountId, client.clientId(), "dev1")));
        assertThat(counting.findByAccess.get()).isZero();
    }

    @Test
    void a_cache_miss_reads_the_database_once_on_the_blocking_executor_and_later_verifies_are_served_from_memory()
            throws Exception {
        IssuedTokens issued = issue(newService(Duration.ofSeconds(5)), "dev1");
        TokenService restarted = newService(Duration.ofSeconds(5)); // empty cache, same database

        Optional<DeviceIdentity> first = restarted.verify(issued.accessToken()).get(5, TimeUnit.SECONDS);

        assertThat(first).map(DeviceIdentity::deviceId).contains("dev1");
        assertThat(counting.findByAccess.get()).isEqualTo(1);
        assertThat(counting.threads).containsOnly(BLOCKING_THREAD);

        for (int i = 0; i < 100; i++) {
            CompletableFuture<Optional<DeviceIdentity>> again = restarted.verify(issued.accessToken());
            assertThat(again).isCompletedWithValue(first);
        }
        assertThat(counting.findByAccess.get()).isEqualTo(1);
    }

    @Test
    void unknown_tokens_are_remembered_briefly_then_looked_up_again() throws Exception {
        TokenService tokens = newService(Duration.ofMillis(300));

        assertThat(tokens.verify("no-such-token").get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(tokens.verify("no-such-token")).isCompletedWithValue(Optional.empty());
        assertThat(counting.findByAccess.get()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(tokens.verify("no-such-token").get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(counting.findByAccess.get()).isGreaterThanOrEqualTo(2);
        });
    }

    @Test
    void empty_and_absurdly_long_tokens_are_refused_without_any_lookup() {
        TokenService tokens = newService(Duration.ofSeconds(5));

        assertThat(tokens.verify("")).isCompletedWithValue(Optional.empty());
        assertThat(tokens.verify(null)).isCompletedWithValue(Optional.empty());
        assertThat(tokens.verify("x".repeat(10_000))).isCompletedWithValue(Optional.empty());
        assertThat(counting.findByAccess.get()).isZero();
    }

    @Test
    void a_cached_token_expires_by_the_clock_without_a_database_read() {
        TokenService tokens = newService(Duration.ofSeconds(5));
        IssuedTokens issued = issue(tokens, "dev1");
        assertThat(tokens.verify(issued.accessToken()).join()).isPresent();

        clock.advance(Duration.ofHours(1));

        assertThat(tokens.verify(issued.accessToken())).isCompletedWithValue(Optional.empty());
        assertThat(counting.findByAccess.get()).isZero();
    }

    @Test
    void a_verified_answer_is_trusted_again_only_until_it_expires_or_anything_is_revoked() {
        TokenService tokens = newService(Duration.ofSeconds(5));
        IssuedTokens issued = issue(tokens, "dev1");
        IssuedTokens other = issue(tokens, "dev2");
        AccessTokenVerifier.VerifiedToken verified = tokens.verifyToken(issued.accessToken()).join().orElseThrow();
        assertThat(verified.identity()).isEqualTo(issued.identity());
        assertThat(tokens.isStillValid(verified)).isTrue();

        // Revoking another device's token also retires the answer: checking it again is cheap,
        // knowing which tokens a revocation concerns is not.
        tokens.delete(client.clientId(), client.clientSecret(), other.accessToken(), "dev2");
        assertThat(tokens.isStillValid(verified)).isFalse();
        AccessTokenVerifier.VerifiedToken again = tokens.verifyToken(issued.accessToken()).join().orElseThrow();
        assertThat(tokens.isStillValid(again)).isTrue();

        tokens.invalidateCache();
        assertThat(tokens.isStillValid(again)).isFalse();
        AccessTokenVerifier.VerifiedToken third = tokens.verifyToken(issued.accessToken()).join().orElseThrow();

        clock.advance(Duration.ofHours(1));
        assertThat(tokens.isStillValid(third)).isFalse();
    }

    @Test
    void delete_invalidates_the_cached_entry_and_notifies_listeners_with_the_identity() {
        TokenService tokens = newService(Duration.ofSeconds(5));
        List<DeviceIdentity> notified = new CopyOnWriteArrayList<>();
        tokens.addRevocationListener(notified::add);
        tokens.addRevocationListener(id -> {
            throw new IllegalStateException("a broken listener must not break delete");
        });
        IssuedTokens issued = issue(tokens, "dev1");
        IssuedTokens other = issue(tokens, "dev2");

        DeviceIdentity deleted = tokens.delete(client.clientId(), client.clientSecret(), issued.accessToken(), "dev1");

        assertThat(deleted).isEqualTo(issued.identity());
        assertThat(notified).containsExactly(issued.identity());
        assertThat(tokens.verify(issued.accessToken())).isCompletedWithValue(Optional.empty());
        assertThat(tokens.verify(other.accessToken()).join()).contains(other.identity());
    }

    @Test
    void a_load_that_read_the_database_before_a_revocation_does_not_cache_its_stale_answer() throws Exception {
        IssuedTokens issued = issue(newService(Duration.ofSeconds(5)), "dev1");
        // A negative lifetime so short that the "revoked" entry delete leaves is gone again before
        // the stalled load finishes: only the revocation counter can then keep the stale answer out.
        TokenService tokens = newService(Duration.ofNanos(1));
        CountDownLatch readDone = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        counting.afterFind = () -> {
            readDone.countDown();
            awaitQuietly(release);
        };

        // The load reads the (still valid) row, then stalls before caching it.
        CompletableFuture<Optional<DeviceIdentity>> racing = tokens.verify(issued.accessToken());
        assertThat(readDone.await(5, TimeUnit.SECONDS)).isTrue();
        counting.afterFind = () -> {};
        tokens.delete(client.clientId(), client.clientSecret(), issued.accessToken(), "dev1");
        release.countDown();
        racing.get(5, TimeUnit.SECONDS); // it may answer with what it read; it must not cache it

        Optional<DeviceIdentity> after = tokens.verify(issued.accessToken()).get(5, TimeUnit.SECONDS);

        assertThat(after).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts access-token lookups and records the threads they ran on. */
    private static final class CountingTokens implements DeviceTokenRepository {
        final DeviceTokenRepository delegate;
        final AtomicInteger findByAccess = new AtomicInteger();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile Runnable afterFind = () -> {};

        CountingTokens(DeviceTokenRepository delegate) {
            this.delegate = delegate;
        }

        @Override
        public void insert(DeviceToken token) {
            delegate.insert(token);
        }

        @Override
        public Optional<DeviceToken> findByAccessHash(String accessTokenHash) {
            findByAccess.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            Optional<DeviceToken> row = delegate.findByAccessHash(accessTokenHash);
            afterFind.run();
            return row;
        }

        @Override
        public Optional<DeviceToken> findByRefreshHash(String refreshTokenHash) {
            return delegate.findByRefreshHash(refreshTokenHash);
        }

        @Override
        public Optional<DeviceToken> rotate(String oldRefreshHash, DeviceToken replacement) {
            return delegate.rotate(oldRefreshHash, replacement);
        }

        @Override
        public Optional<DeviceToken> revokeByAccessHash(String accessTokenHash) {
            return delegate.revokeByAccessHash(accessTokenHash);
        }
    }
}
