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
import java.util.concurrent.Executor;
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

    private AuthModule(Builder b) {
        Jdbi jdbi = b.jdbi;
        this.clients = new ClientService(new JdbcClientRepository(jdbi), b.clock);
        this.accounts = new AccountService(new JdbcAccountRepository(jdbi), new JdbcAccountSessionRepository(jdbi),
                                           b.passwordHasher, b.clock, b.accountSessionTtl);
        this.tokens = new TokenService(new JdbcDeviceTokenRepository(jdbi), new JdbcAuthorizationCodeRepository(jdbi),
                                       clients, b.clock, b.accessTokenTtl, b.authorizationCodeTtl,
                                       b.negativeCacheTtl, b.blockingExecutor);
        this.http = new AuthHttpServices(accounts, tokens, b.blockingExecutor);
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

    public AuthHttpServices httpServices() {
        return http;
    }

    /** Registers {@code POST /accounts/login}, {@code GET|POST /authorize}, {@code GET|POST /token}. */
    public void bind(ServerBuilder sb) {
        http.bind(sb);
    }

    /** Deletes expired authorization codes and account sessions; returns how many rows went. */
    public int purgeExpired() {
        return tokens.purgeExpiredCodes() + accounts.purgeExpiredSessions();
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

        public AuthModule build() {
            if (passwordHasher == null) {
                passwordHasher = new PasswordHasher();
            }
            return new AuthModule(this);
        }
    }
}
