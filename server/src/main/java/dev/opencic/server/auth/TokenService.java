package dev.opencic.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.store.AuthorizationCode;
import dev.opencic.server.store.AuthorizationCodeRepository;
import dev.opencic.server.store.Client;
import dev.opencic.server.store.DeviceToken;
import dev.opencic.server.store.DeviceTokenRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Clova Auth API grants — authorization codes, issuing, refreshing and deleting Clova access
 * tokens — and the {@link AccessTokenVerifier} the CIC endpoints use.
 *
 * <p>The grant methods block (database); call them off the event loop. {@link #verify} does not: it
 * answers from a Caffeine cache keyed by the token's SHA-256 digest, and only a cache miss goes to
 * the database, on the blocking executor given to the constructor. Positive entries live until the
 * token expires; unknown or revoked tokens are cached negatively for a few seconds to blunt floods of
 * bad tokens. Issuing a token puts its positive entry, so a new token is found at once; revoking
 * (delete, refresh) replaces the entry with a negative one at once, so the next verify says no from memory.
 */
public final class TokenService implements AccessTokenVerifier {

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);

    public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofHours(1);
    public static final Duration DEFAULT_CODE_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_NEGATIVE_CACHE_TTL = Duration.ofSeconds(5);
    public static final int MAX_DEVICE_ID_LENGTH = 128;
    public static final int MAX_MODEL_ID_LENGTH = 128;
    private static final int MAX_TOKEN_LENGTH = 256;
    private static final long CACHE_MAX_ENTRIES = 100_000;
    private static final Duration CACHE_MAX_LIFETIME = Duration.ofDays(30);

    /** What the cache knows about one access token digest. */
    private sealed interface Cached permits Valid, Invalid {}

    private record Valid(DeviceIdentity identity, Instant expiresAt) implements Cached {}

    private record Invalid() implements Cached {}

    private static final Invalid INVALID = new Invalid();

    private final DeviceTokenRepository tokens;
    private final AuthorizationCodeRepository codes;
    private final ClientService clients;
    private final Clock clock;
    private final Duration accessTokenTtl;
    private final Duration codeTtl;
    private final Duration negativeCacheTtl;
    private final Executor blockingExecutor;
    private final Cache<String, Cached> cache;
    /**
     * Bumped before and after every revocation's cache change (see {@link #revoking}). A cache-miss
     * load that saw the database before a revocation must not put its (stale) answer into the cache
     * afterwards: it checks this counter inside the atomic cache update. A {@link VerifiedToken}
     * carries the value seen before its lookup and is trusted again only while it has not moved.
     */
    private final AtomicLong revocations = new AtomicLong();
    private final List<Consumer<DeviceIdentity>> revocationListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> revokedDigestListeners = new CopyOnWriteArrayList<>();

    public TokenService(DeviceTokenRepository tokens, AuthorizationCodeRepository codes,
                        ClientService clients, Clock clock, Duration accessTokenTtl, Duration codeTtl,
                        Duration negativeCacheTtl, Executor blockingExecutor) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.codes = Objects.requireNonNull(codes, "codes");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.accessTokenTtl = AccountService.requirePositive(accessTokenTtl, "accessTokenTtl");
        this.codeTtl = AccountService.requirePositive(codeTtl, "codeTtl");
        this.negativeCacheTtl = AccountService.requirePositive(negativeCacheTtl, "negativeCacheTtl");
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        this.cache = Caffeine.newBuilder()
                             .maximumSize(CACHE_MAX_ENTRIES)
                             .expireAfter(Expiry.writing(this::cacheLifetime))
                             .build();
    }

    private Duration cacheLifetime(String digest, Cached entry) {
        if (entry instanceof Valid valid) {
            Duration left = Duration.between(clock.instant(), valid.expiresAt());
            return left.isNegative() ? Duration.ZERO
                                     : left.compareTo(CACHE_MAX_LIFETIME) > 0 ? CACHE_MAX_LIFETIME : left;
        }
        return negativeCacheTtl;
    }

    /** Lifetime of issued access tokens ({@code expires_in}). */
    public Duration accessTokenTtl() {
        return accessTokenTtl;
    }

    /**
     * Registers a callback run after {@link #delete} revoked a token (on the thread that called
     * delete), for example to close that device's downchannel. Exceptions it throws are logged.
     */
    public void addRevocationListener(Consumer<DeviceIdentity> listener) {
        revocationListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Registers a callback run with the SHA-256 digest of every access token this node revokes
     * (delete, refresh, a reused refresh token's family), after its cache knows: a cluster tells the
     * other nodes, which apply it with {@link #revokedElsewhere}.
     */
    public void addRevokedDigestListener(Consumer<String> listener) {
        revokedDigestListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Another node revoked the access token with this digest: it is refused from now on here too, and
     * answers given per connection before ({@link #isStillValid}) are checked again.
     */
    public void revokedElsewhere(String accessDigest) {
        revoking(() -> cache.put(Objects.requireNonNull(accessDigest, "accessDigest"), INVALID));
    }

    /**
     * Creates a single-use authorization code for an authenticated account (the /authorize step).
     *
     * @throws OAuthException invalid_request for an unknown client or an over-long device or model id
     */
    /**
     * Checks a client id and device id as {@link #createAuthorizationCode} would, before anything is
     * created for them (a guest account).
     *
     * @throws OAuthException invalid_request for an unknown client or an over-long id
     */
    public void checkClientAndDevice(String clientId, String deviceId) {
        checkParam("client_id", clientId, ClientService.MAX_CLIENT_ID_LENGTH);
        checkParam("device_id", deviceId, MAX_DEVICE_ID_LENGTH);
        if (clients.find(clientId).isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_REQUEST, "unknown client_id");
        }
    }

    public String createAuthorizationCode(String accountId, String clientId, String deviceId, String modelId) {
        Objects.requireNonNull(accountId, "accountId");
        checkParam("client_id", clientId, ClientService.MAX_CLIENT_ID_LENGTH);
        checkParam("device_id", deviceId, MAX_DEVICE_ID_LENGTH);
        checkOptionalParam("model_id", modelId, MAX_MODEL_ID_LENGTH);
        if (clients.find(clientId).isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_REQUEST, "unknown client_id");
        }
        String code = Secrets.newSecret();
        Instant now = clock.instant();
        codes.insert(new AuthorizationCode(Secrets.sha256(code), accountId, clientId, deviceId,
                                           emptyToNull(modelId), now.plus(codeTtl), false, now));
        return code;
    }

    /**
     * grant_type=authorization_code: redeems a code for a token pair. The code is used up by this call
     * whatever the outcome after client authentication.
     *
     * @throws OAuthException invalid_client (401) for bad client credentials; invalid_grant for an
     *         unknown, used or expired code, or one issued to another client or device
     */
    public IssuedTokens exchangeCode(String clientId, String clientSecret, String code, String deviceId,
                                     String modelId) {
        Client client = clients.authenticate(clientId, clientSecret);
        checkParam("code", code, MAX_TOKEN_LENGTH);
        checkParam("device_id", deviceId, MAX_DEVICE_ID_LENGTH);
        checkOptionalParam("model_id", modelId, MAX_MODEL_ID_LENGTH);
        AuthorizationCode grant = codes.consume(Secrets.sha256(code)).orElseThrow(
                () -> new OAuthException(OAuthError.INVALID_GRANT,
                                         "authorization code is unknown or was already used"));
        if (!clock.instant().isBefore(grant.expiresAt())) {
            throw new OAuthException(OAuthError.INVALID_GRANT, "authorization code has expired");
        }
        if (!grant.clientId().equals(client.clientId())) {
            throw new OAuthException(OAuthError.INVALID_GRANT, "authorization code was issued to another client");
        }
        if (!grant.deviceId().equals(deviceId)) {
            throw new OAuthException(OAuthError.INVALID_GRANT, "authorization code was issued for another device_id");
        }
        String model = modelId != null && !modelId.isEmpty() ? modelId : grant.modelId();
        NewPair pair = newPair(grant.accountId(), client.clientId(), deviceId, model);
        tokens.insert(pair.row());
        remember(pair);
        log.debug("Issued token for account {} client {} device {}", grant.accountId(), client.clientId(), deviceId);
        return pair.issued();
    }

    /**
     * grant_type=refresh_token: replaces the token pair. Afterwards the old refresh token and the old
     * access token are both invalid; presenting the old refresh token again fails with invalid_grant.
     */
    public IssuedTokens refresh(String clientId, String clientSecret, String refreshToken, String deviceId) {
        Client client = clients.authenticate(clientId, clientSecret);
        checkParam("refresh_token", refreshToken, MAX_TOKEN_LENGTH);
        checkParam("device_id", deviceId, MAX_DEVICE_ID_LENGTH);
        String oldHash = Secrets.sha256(refreshToken);
        DeviceToken old = tokens.findByRefreshHash(oldHash)
                                .orElseThrow(() -> new OAuthException(
                                        OAuthError.INVALID_GRANT, "refresh token is unknown or no longer valid"));
        if (!old.clientId().equals(client.clientId()) || !old.deviceId().equals(deviceId)) {
            throw new OAuthException(OAuthError.INVALID_GRANT,
                                     "refresh token was not issued to this client and device_id");
        }
        if (old.revoked()) {
            // Used before: either the device retried, or someone else holds a copy. Which one cannot
            // be told apart, so the whole family goes and the device logs in again (RFC 9700 4.14.2).
            revokeFamily(old);
            throw new OAuthException(OAuthError.INVALID_GRANT,
                                     "refresh token was already used; every token of this device is revoked");
        }
        NewPair pair = newPair(old.accountId(), old.clientId(), old.deviceId(), old.modelId());
        Optional<DeviceToken> rotated = tokens.rotate(oldHash, pair.row());
        if (rotated.isEmpty()) { // a concurrent refresh or delete won
            throw new OAuthException(OAuthError.INVALID_GRANT, "refresh token is unknown or no longer valid");
        }
        forget(old.accessTokenHash());
        remember(pair);
        log.debug("Refreshed token for account {} client {} device {}", old.accountId(), old.clientId(), old.deviceId());
        return pair.issued();
    }

    private void revokeFamily(DeviceToken reused) {
        List<String> revoked = tokens.revokeFamily(reused.accountId(), reused.clientId(), reused.deviceId());
        revoked.forEach(this::forget);
        forget(reused.accessTokenHash());
        log.warn("event=RefreshTokenReused account={} client={} device={} revoked={}", reused.accountId(),
                 reused.clientId(), reused.deviceId(), revoked.size());
        revoked(identity(reused));
    }

    /**
     * Unlinks a device from its account (the console's "unlink"): every token of it is revoked and the
     * revocation listeners told (its downchannel closes at once). Returns how many tokens were live.
     */
    public int unlinkDevice(String accountId, String clientId, String deviceId) {
        List<String> revoked = tokens.revokeFamily(accountId, clientId, deviceId);
        revoked.forEach(this::forget);
        log.info("event=DeviceUnlinked account={} client={} device={} revoked={}", accountId, clientId, deviceId,
                 revoked.size());
        revoked(new DeviceIdentity(accountId, clientId, deviceId));
        return revoked.size();
    }

    /**
     * Deletes a client (the console's and {@code ./cic admin client delete}): its codes and tokens go
     * with it, every device that held a live token is told like an unlinked one (its downchannel
     * closes at once, other nodes refuse its token). Returns those devices; empty if no such client.
     */
    public Optional<java.util.Set<DeviceIdentity>> deleteClient(String clientId) {
        Optional<List<DeviceToken>> live = clients.delete(clientId);
        live.ifPresent(rows -> {
            rows.forEach(row -> forget(row.accessTokenHash()));
            rows.stream().map(TokenService::identity).distinct().forEach(this::revoked);
        });
        return live.map(rows -> rows.stream().map(TokenService::identity)
                .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)));
    }

    /** For each client with any, how many devices hold a live token of it (what deleting it signs out). */
    public java.util.Map<String, Integer> liveDevicesPerClient() {
        return tokens.liveDevicesPerClient();
    }

    /**
     * Issues a token pair without a grant, for a caller that has itself authenticated the account and
     * speaks for a client the server owns: the console's browser device, whose page is signed in by
     * its console session and holds no client secret. The pair is an ordinary one (verified, expired,
     * revoked and unlinked like any other).
     *
     * @throws OAuthException invalid_request for an unknown client or an over-long device or model id
     */
    public IssuedTokens issueForSignedInAccount(String accountId, String clientId, String deviceId, String modelId) {
        Objects.requireNonNull(accountId, "accountId");
        checkClientAndDevice(clientId, deviceId);
        checkOptionalParam("model_id", modelId, MAX_MODEL_ID_LENGTH);
        NewPair pair = newPair(accountId, clientId, deviceId, modelId);
        tokens.insert(pair.row());
        remember(pair);
        log.debug("Issued token for signed-in account {} client {} device {}", accountId, clientId, deviceId);
        return pair.issued();
    }

    private void revoked(DeviceIdentity identity) {
        for (Consumer<DeviceIdentity> listener : revocationListeners) {
            try {
                listener.accept(identity);
            } catch (RuntimeException e) {
                log.warn("Revocation listener failed for {}", identity, e);
            }
        }
    }

    /**
     * grant_type=delete: revokes the access token and its refresh token, drops it from the cache and
     * then tells the revocation listeners.
     *
     * @throws OAuthException invalid_grant for an unknown or already revoked token, or one issued to
     *         another client or device
     */
    public DeviceIdentity delete(String clientId, String clientSecret, String accessToken, String deviceId) {
        Client client = clients.authenticate(clientId, clientSecret);
        checkParam("access_token", accessToken, MAX_TOKEN_LENGTH);
        checkParam("device_id", deviceId, MAX_DEVICE_ID_LENGTH);
        String hash = Secrets.sha256(accessToken);
        DeviceToken row = tokens.findByAccessHash(hash)
                                .filter(t -> !t.revoked())
                                .orElseThrow(() -> new OAuthException(
                                        OAuthError.INVALID_GRANT, "access token is unknown or already revoked"));
        if (!row.clientId().equals(client.clientId()) || !row.deviceId().equals(deviceId)) {
            throw new OAuthException(OAuthError.INVALID_GRANT,
                                     "access token was not issued to this client and device_id");
        }
        Optional<DeviceToken> revoked = tokens.revokeByAccessHash(hash);
        forget(hash);
        if (revoked.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_GRANT, "access token is unknown or already revoked");
        }
        DeviceIdentity identity = identity(row);
        log.debug("Revoked token for account {} client {} device {}", row.accountId(), row.clientId(), row.deviceId());
        for (Consumer<DeviceIdentity> listener : revocationListeners) {
            try {
                listener.accept(identity);
            } catch (RuntimeException e) {
                log.warn("Revocation listener failed for {}", identity, e);
            }
        }
        return identity;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Completes at once from the cache when possible; otherwise loads on the blocking executor.
     * Completes exceptionally if that database read fails.
     */
    @Override
    public CompletableFuture<Optional<VerifiedToken>> verifyToken(String accessToken) {
        if (accessToken == null || accessToken.isEmpty() || accessToken.length() > MAX_TOKEN_LENGTH) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        // Read before the lookup: a revocation that overlaps the lookup then makes the answer stale.
        long stamp = revocations.get();
        String hash = Secrets.sha256(accessToken);
        Cached cached = cache.getIfPresent(hash);
        if (cached != null) {
            return CompletableFuture.completedFuture(answer(cached, stamp));
        }
        return CompletableFuture.supplyAsync(() -> answer(load(hash), stamp), blockingExecutor);
    }

    @Override
    public boolean isStillValid(VerifiedToken verified) {
        return verified.revocationStamp() == revocations.get() && clock.instant().isBefore(verified.expiresAt());
    }

    private Optional<VerifiedToken> answer(Cached entry, long stamp) {
        if (entry instanceof Valid valid && clock.instant().isBefore(valid.expiresAt())) {
            return Optional.of(new VerifiedToken(valid.identity(), valid.expiresAt(), stamp));
        }
        return Optional.empty();
    }

    private Cached load(String hash) {
        long seenRevocations = revocations.get();
        Instant now = clock.instant();
        Cached loaded = tokens.findByAccessHash(hash)
                              .filter(t -> !t.revoked() && now.isBefore(t.accessExpiresAt()))
                              .<Cached>map(t -> new Valid(identity(t), t.accessExpiresAt()))
                              .orElse(INVALID);
        // Atomic with respect to forget(): either this runs first and forget() overwrites it, or it
        // runs after, finds forget()'s entry (or sees the bumped counter) and keeps out.
        cache.asMap().compute(hash, (k, existing) -> {
            if (existing != null) {
                return existing;
            }
            return revocations.get() == seenRevocations ? loaded : null;
        });
        return loaded;
    }

    private void remember(NewPair pair) {
        cache.put(pair.row().accessTokenHash(),
                  new Valid(pair.issued().identity(), pair.row().accessExpiresAt()));
    }

    /** After a revocation: the token is known dead, so remember that (replacing any positive entry). */
    private void forget(String accessHash) {
        revoking(() -> cache.put(accessHash, INVALID));
        for (Consumer<String> listener : revokedDigestListeners) {
            try {
                listener.accept(accessHash);
            } catch (RuntimeException e) {
                log.warn("event=RevokedDigestListenerFailed cause={}", e.toString());
            }
        }
    }

    /** Drops cached answers (all of them); the next verify of each token reads the database. */
    public void invalidateCache() {
        revoking(cache::invalidateAll);
    }

    /**
     * Runs a cache change that takes answers back, with the revocation counter bumped before it (so a
     * database load that overlaps it keeps its stale answer out of the cache) and after it (so an
     * answer given from the cache while it ran carries an old stamp and is not trusted again).
     */
    private void revoking(Runnable cacheChange) {
        revocations.incrementAndGet();
        cacheChange.run();
        revocations.incrementAndGet();
    }

    /** Deletes expired authorization codes; returns how many. */
    public int purgeExpiredCodes() {
        return codes.deleteExpired(clock.instant());
    }

    private record NewPair(DeviceToken row, IssuedTokens issued) {}

    private NewPair newPair(String accountId, String clientId, String deviceId, String modelId) {
        String access = Secrets.newSecret();
        String refresh = Secrets.newSecret();
        Instant now = clock.instant();
        DeviceToken row = new DeviceToken(Secrets.sha256(access), Secrets.sha256(refresh), accountId,
                                          clientId, deviceId, emptyToNull(modelId),
                                          now.plus(accessTokenTtl), false, now);
        IssuedTokens issued = new IssuedTokens(access, refresh, accessTokenTtl.toSeconds(),
                                               new DeviceIdentity(accountId, clientId, deviceId));
        return new NewPair(row, issued);
    }

    private static DeviceIdentity identity(DeviceToken t) {
        return new DeviceIdentity(t.accountId(), t.clientId(), t.deviceId());
    }

    private static void checkParam(String name, String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_REQUEST, "missing required parameter: " + name);
        }
        checkOptionalParam(name, value, maxLength);
    }

    private static void checkOptionalParam(String name, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw new OAuthException(OAuthError.INVALID_REQUEST,
                                     "parameter " + name + " is longer than " + maxLength + " characters");
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
