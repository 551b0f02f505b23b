package dev.opencic.server.auth;

import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.server.ServerBuilder;
import dev.opencic.server.store.Database;
import dev.opencic.server.store.JdbcAccountRepository;
import dev.opencic.server.store.JdbcAccountSessionRepository;
import dev.opencic.server.store.JdbcAuthorizationCodeRepository;
import dev.opencic.server.store.JdbcClientRepository;
import dev.opencic.server.store.JdbcDeviceTokenRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * Wires the auth services over a {@link Database}:
 *
 * <pre>{@code
 * Database db = Database.open(dataDir);
 * AuthModule auth = AuthModule.builder(db)
 *                             .accessTokenTtl(Duration.ofHours(1))
 *                             .build();
 * auth.bind(serverBuilder);                  // /accounts/login, /authorize, /token
 * AccessTokenVerifier verifier = auth.tokens();
 * auth.tokens().addRevocationListener(identity -> ...close its downchannel...);
 * }</pre>
 *
 * <p>{@link #accounts()} and {@link #clients()} work without an HTTP server (for the admin
 * commands). Closing the {@link Database} is the caller's business.
 */
public final class AuthModule {

    private final AccountService accounts;
    private final ClientService clients;
    private final TokenService tokens;
    private final AuthHttpServices http;
    private final AccountRoles roles;
    private final DeviceCodeGrant deviceCodes;

    private AuthModule(Builder b) {
        Jdbi jdbi = b.jdbi;
        this.clients = new ClientService(new JdbcClientRepository(jdbi), b.clock);
        this.accounts = new AccountService(new JdbcAccountRepository(jdbi), new JdbcAccountSessionRepository(jdbi),
                                           b.passwordHasher, b.clock, b.accountSessionTtl);
        this.tokens = new TokenService(new JdbcDeviceTokenRepository(jdbi), new JdbcAuthorizationCodeRepository(jdbi),
                                       clients, b.clock, b.accessTokenTtl, b.authorizationCodeTtl,
                                       b.negativeCacheTtl, b.blockingExecutor);
        this.http = new AuthHttpServices(accounts, tokens, b.blockingExecutor, hashingPool(b.hashingThreads, b.hashingQueue),
                new LoginThrottle(b.accountFreeFailures, MAX_BLOCK, b.clock,
                        b.sharedFailures == null ? null : b.sharedFailures.apply("account")),
                new LoginThrottle(b.addressFreeFailures, MAX_BLOCK, b.clock,
                        b.sharedFailures == null ? null : b.sharedFailures.apply("address")));
        this.roles = new AccountRoles(jdbi, b.clock);
        this.deviceCodes = new DeviceCodeGrant(jdbi, clients, tokens, b.clock, DeviceCodeGrant.DEFAULT_TTL);
        http.deviceCodes(deviceCodes);
    }

    /** The longest a throttled account or address waits (the backoff doubles up to this). */
    static final Duration MAX_BLOCK = Duration.ofMinutes(15);

    /**
     * Argon2 logins on their own few threads with a short queue: a flood of guesses waits there (or
     * is refused with 503) instead of taking the blocking pool every other request needs. Idle
     * threads end, so the pool needs no closing.
     */
    private static Executor hashingPool(int threads, int queue) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "cic-password-hashing");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    public static Builder builder(Database database) {
        return new Builder(Objects.requireNonNull(database, "database").jdbi());
    }

    public AccountService accounts() {
        return accounts;
    }

    public ClientService clients() {
        return clients;
    }

    /** The token grants and the {@link AccessTokenVerifier} for the CIC endpoints. */
    public TokenService tokens() {
        return tokens;
    }

    /** Administrators (the console's admin pages, {@code cic admin user grant-admin}). */
    public AccountRoles roles() {
        return roles;
    }

    /** The device authorisation grant: codes a signed-in person approves in the console. */
    public DeviceCodeGrant deviceCodes() {
        return deviceCodes;
    }

    public AuthHttpServices httpServices() {
        return http;
    }

    /** Registers {@code POST /accounts/login}, {@code GET|POST /authorize}, {@code GET|POST /token}. */
    public void bind(ServerBuilder sb) {
        http.bind(sb);
    }

    /** Deletes expired authorization codes and account sessions; returns how many rows went. */
    public int purgeExpired() {
        return tokens.purgeExpiredCodes() + accounts.purgeExpiredSessions() + deviceCodes.purgeExpired();
    }

    public static final class Builder {
        private final Jdbi jdbi;
        private Duration accessTokenTtl = TokenService.DEFAULT_ACCESS_TOKEN_TTL;
        private Duration authorizationCodeTtl = TokenService.DEFAULT_CODE_TTL;
        private Duration negativeCacheTtl = TokenService.DEFAULT_NEGATIVE_CACHE_TTL;
        private Duration accountSessionTtl = AccountService.DEFAULT_SESSION_TTL;
        private Clock clock = Clock.systemUTC();
        private Executor blockingExecutor = CommonPools.blockingTaskExecutor();
        private PasswordHasher passwordHasher;
        private int hashingThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private int hashingQueue = 32;
        private int accountFreeFailures = 5;
        private int addressFreeFailures = 20;
        private java.util.function.Function<String, SharedFailures> sharedFailures;

        private Builder(Jdbi jdbi) {
            this.jdbi = jdbi;
        }

        /** Lifetime of Clova access tokens ({@code expires_in}); default 1 hour. */
        public Builder accessTokenTtl(Duration ttl) {
            this.accessTokenTtl = AccountService.requirePositive(ttl, "accessTokenTtl");
            return this;
        }

        /** Lifetime of authorization codes; default 10 minutes. */
        public Builder authorizationCodeTtl(Duration ttl) {
            this.authorizationCodeTtl = AccountService.requirePositive(ttl, "authorizationCodeTtl");
            return this;
        }

        /** How long an unknown or revoked token is remembered as such; default 5 seconds. */
        public Builder negativeCacheTtl(Duration ttl) {
            this.negativeCacheTtl = AccountService.requirePositive(ttl, "negativeCacheTtl");
            return this;
        }

        /** Lifetime of account access tokens from /accounts/login; default 1 hour. */
        public Builder accountSessionTtl(Duration ttl) {
            this.accountSessionTtl = AccountService.requirePositive(ttl, "accountSessionTtl");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where blocking work (database, password hashing, cache-miss token loads) runs; default
         * Armeria's {@link CommonPools#blockingTaskExecutor()}.
         */
        public Builder blockingExecutor(Executor executor) {
            this.blockingExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Default: argon2id, 19 MiB, 3 passes. */
        public Builder passwordHasher(PasswordHasher hasher) {
            this.passwordHasher = Objects.requireNonNull(hasher, "hasher");
            return this;
        }

        /**
         * Password-hashing threads and how many logins may wait for one; beyond that a login gets
         * 503 with Retry-After. Default: half the cores (at least one), 32 waiting.
         */
        public Builder hashingPool(int threads, int queue) {
            if (threads < 1 || queue < 1) {
                throw new IllegalArgumentException("hashingPool(" + threads + ", " + queue + ") (expected: >= 1, >= 1)");
            }
            this.hashingThreads = threads;
            this.hashingQueue = queue;
            return this;
        }

        /**
         * Failed attempts allowed before backoff starts: per account (and per client and device on
         * {@code /token}), default 5; per client address, default 20.
         */
        public Builder freeFailures(int perAccount, int perAddress) {
            if (perAccount < 1 || perAddress < 1) {
                throw new IllegalArgumentException("freeFailures(" + perAccount + ", " + perAddress + ") (expected: >= 1)");
            }
            this.accountFreeFailures = perAccount;
            this.addressFreeFailures = perAddress;
            return this;
        }

        /**
         * Counts failed logins in a store the cluster's nodes share (given "account" or "address",
         * the throttle's name); without one, each process counts its own.
         */
        public Builder sharedFailures(java.util.function.Function<String, SharedFailures> byThrottle) {
            this.sharedFailures = java.util.Objects.requireNonNull(byThrottle, "byThrottle");
            return this;
        }

        public AuthModule build() {
            if (passwordHasher == null) {
                passwordHasher = new PasswordHasher();
            }
            return new AuthModule(this);
        }
    }
}
