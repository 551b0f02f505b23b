package dev.opencic.server.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opencic.server.auth.IssuedTokens;
import dev.opencic.server.auth.Secrets;
import dev.opencic.server.auth.TokenService;
import dev.opencic.server.store.Client;
import dev.opencic.server.store.ClientRepository;
import dev.opencic.server.store.DuplicateKeyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The browser device of the console's talk page: one device per account ({@code browser-} and a
 * digest of the account id, so every browser of an account is the same device on the devices page,
 * named once and unlinked once), under a client the server owns ({@link #CLIENT_ID}, made on first
 * use with a secret nobody knows: no client secret is ever in a page).
 *
 * <p>Its access tokens are ordinary ones of the server's lifetime, issued to the signed-in session.
 * A session asking again while its last token has more than half its life left gets that one back
 * (a page reload does not make a new token row); after that, or once the token stopped working (the
 * device was unlinked), a new one. The page asks again before expiry, so it never needs a refresh
 * token (which would need the client secret) and never sees one.
 */
final class BrowserDevices {

    /** The console's own client: the same id on every server, so the devices page names it plainly. */
    static final String CLIENT_ID = "opencic-console";
    static final String CLIENT_NAME = "Browser (web console)";
    static final String MODEL_ID = "opencic-browser";
    private static final long MAX_SESSIONS_REMEMBERED = 10_000;

    /** The token a page may use: the access token and when it expires. Never a refresh token. */
    record BrowserToken(String deviceId, String accessToken, Instant expiresAt) {
        BrowserToken {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        @Override
        public String toString() {
            return "BrowserToken[deviceId=" + deviceId + ", expiresAt=" + expiresAt + ", accessToken=***]";
        }
    }

    private final ClientRepository clients;
    private final TokenService tokens;
    private final Clock clock;
    /** Console session (its CSRF digest) to the last token issued to it; per node, a cache only. */
    private final Cache<String, BrowserToken> lastIssued;

    BrowserDevices(ClientRepository clients, TokenService tokens, Clock clock) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        Duration reuse = tokens.accessTokenTtl().dividedBy(2);
        this.lastIssued = Caffeine.newBuilder().maximumSize(MAX_SESSIONS_REMEMBERED)
                .expireAfterWrite(reuse.isZero() ? Duration.ofMillis(1) : reuse).build();
    }

    /** The browser device id of an account: stable, and telling nothing but that it is a browser. */
    static String deviceId(String accountId) {
        return "browser-" + Secrets.sha256("console-browser-device:" + accountId).substring(0, 12);
    }

    /** A token for the signed-in person's browser device (made or reused, see the class). Blocking. */
    BrowserToken token(ConsoleUser user) {
        String session = user.csrf();
        BrowserToken last = lastIssued.getIfPresent(session);
        Instant now = clock.instant();
        if (last != null && stillGood(last, now)) {
            return last;
        }
        ensureClient();
        String deviceId = deviceId(user.accountId());
        IssuedTokens issued = tokens.issueForSignedInAccount(user.accountId(), CLIENT_ID, deviceId, MODEL_ID);
        BrowserToken token = new BrowserToken(deviceId, issued.accessToken(),
                now.plusSeconds(issued.expiresInSeconds()));
        lastIssued.put(session, token);
        return token;
    }

    private boolean stillGood(BrowserToken token, Instant now) {
        Duration left = Duration.between(now, token.expiresAt());
        if (left.compareTo(tokens.accessTokenTtl().dividedBy(2)) < 0) {
            return false;
        }
        // Unlinked since? The verifier answers from its cache, which a revocation updates at once.
        return tokens.verifyToken(token.accessToken()).join().isPresent();
    }

    /** Makes the console's client when it does not exist yet (first use, or an administrator deleted it). */
    private void ensureClient() {
        if (clients.findById(CLIENT_ID).isPresent()) {
            return;
        }
        try {
            // The digest of a secret thrown away at once: nobody can authenticate as this client.
            clients.insert(new Client(CLIENT_ID, CLIENT_NAME, Secrets.sha256(Secrets.newSecret()), clock.instant()));
        } catch (DuplicateKeyException e) {
            // Another request made it first: the same client.
        }
    }
}
