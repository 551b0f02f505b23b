package dev.opencic.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.client.CicException;
import dev.opencic.client.TokenStore;
import dev.opencic.client.Tokens;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth side of the client: login (account login, {@code /authorize}, {@code /token}), the
 * token in use, refresh ahead of expiry (80% of {@code expires_in}) and on a {@code 401}, logout
 * ({@code grant_type=delete}). One refresh at a time: callers that saw the same stale token share
 * its result.
 */
public final class AuthManager {

    private static final Logger log = LoggerFactory.getLogger(AuthManager.class);

    private final OkHttpClient http;
    private final HttpUrl base;
    private final TokenStore store;
    private final String clientId;
    private final String clientSecret;
    private final String deviceId;
    private final String modelId;
    private final Clock clock;
    private Tokens cached;
    /** The invalid_grant that made us drop the tokens, until the next login. */
    private CicException rejected;

    /** Auth for one device of one client against the server at {@code base}. */
    public AuthManager(OkHttpClient http, HttpUrl base, TokenStore store, String clientId, String clientSecret,
                       String deviceId, String modelId, Clock clock) {
        this.http = http;
        this.base = base;
        this.store = store;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.deviceId = deviceId;
        this.modelId = modelId;
        this.clock = clock;
    }

    /** The full flow; saves the tokens. */
    public synchronized Tokens login(String username, String password) throws IOException {
        JsonNode account = call(new Request.Builder().url(base.resolve("/accounts/login"))
                .post(new FormBody.Builder().add("username", username).add("password", password).build()).build());
        return authorizeAndRedeem(text(account, "access_token"));
    }

    /** Guest mode: {@code /authorize} with {@code request_vu=Y} and no account, then {@code /token}; saves the tokens. */
    public synchronized Tokens loginAsGuest() throws IOException {
        return authorizeAndRedeem(null);
    }

    /** {@code /authorize} with the account's token (null: as a guest), then {@code /token}. */
    private Tokens authorizeAndRedeem(String accountToken) throws IOException {
        String state = MessageIds.newId();
        HttpUrl.Builder authorize = base.resolve("/authorize").newBuilder()
                .addQueryParameter("client_id", clientId)
                .addQueryParameter("device_id", deviceId)
                .addQueryParameter("response_type", "code")
                .addQueryParameter("state", state);
        if (modelId != null) {
            authorize.addQueryParameter("model_id", modelId);
        }
        Request.Builder authorizeRequest = new Request.Builder().url(authorize.build()).get();
        if (accountToken == null) {
            authorize.addQueryParameter("request_vu", "Y");
            authorizeRequest.url(authorize.build());
        } else {
            authorizeRequest.header("Authorization", "Bearer " + accountToken);
        }
        JsonNode code = call(authorizeRequest.build());
        if (!state.equals(code.path("state").asText())) {
            throw new IOException("/authorize answered with another state than we sent");
        }
        FormBody.Builder form = form("authorization_code").add("code", text(code, "code"));
        Tokens tokens = tokens(call(new Request.Builder().url(base.resolve("/token")).post(form.build()).build()));
        save(tokens);
        rejected = null;
        log.info("event=LoggedIn device={} guest={} expiresAt={}", deviceId, accountToken == null, tokens.expiresAt());
        return tokens;
    }

    /** Revokes the tokens on the server ({@code grant_type=delete}) and clears the store. */
    public synchronized void logout() throws IOException {
        Optional<Tokens> current = current();
        try {
            if (current.isPresent()) {
                call(new Request.Builder().url(base.resolve("/token"))
                        .post(form("delete").add("access_token", current.get().accessToken()).build()).build());
            }
        } catch (CicException e) {
            if (e.httpStatus() != 401 && e.httpStatus() != 400) {
                throw e; // a server problem: keep the tokens so the user can retry
            }
            log.info("event=LogoutTokenAlreadyInvalid status={}", e.httpStatus());
        } finally {
            // the token is gone server-side (or was never valid): forget it either way
            cached = null;
        }
        store.clear();
        log.info("event=LoggedOut device={}", deviceId);
    }

    /** Whether tokens are stored. */
    public synchronized boolean isLoggedIn() throws IOException {
        return current().isPresent();
    }

    /** The saved tokens. */
    public synchronized Optional<Tokens> current() throws IOException {
        if (cached == null) {
            cached = store.load().orElse(null);
        }
        return Optional.ofNullable(cached);
    }

    /**
     * An access token to use now, refreshed first when 80% of its lifetime has passed.
     *
     * @throws CicException 401 if the device is not logged in
     */
    public synchronized String accessToken() throws IOException {
        Tokens t = current().orElseThrow(() -> rejected != null ? rejected
                : new CicException(401, 401, "not logged in: no tokens in " + store));
        if (!clock.instant().isBefore(t.refreshDueAt())) {
            t = refresh(t.accessToken());
        }
        return t.accessToken();
    }

    /**
     * Refreshes unless someone already replaced {@code staleAccessToken}; for the retry after a
     * {@code 401}.
     */
    public synchronized Tokens refresh(String staleAccessToken) throws IOException {
        Tokens t = current().orElseThrow(() -> new CicException(401, 401, "not logged in"));
        if (!t.accessToken().equals(staleAccessToken)) {
            return t;
        }
        Tokens fresh;
        try {
            fresh = tokens(call(new Request.Builder().url(base.resolve("/token"))
                    .post(form("refresh_token").add("refresh_token", t.refreshToken()).build()).build()));
        } catch (CicException e) {
            if (isRejectedGrant(e)) {
                // revoked, or rotated by another copy of these tokens: they will never work again
                log.warn("event=RefreshTokenRejected device={} reason={}", deviceId, e.description());
                cached = null;
                rejected = e;
                store.clear();
            }
            throw e;
        }
        save(fresh);
        log.info("event=TokenRefreshed device={} expiresAt={}", deviceId, fresh.expiresAt());
        return fresh;
    }

    /** Whether {@code e} is the token endpoint refusing the refresh token for good ({@code invalid_grant}). */
    public static boolean isRejectedGrant(Throwable e) {
        return e instanceof CicException c && "invalid_grant".equals(c.oauthError());
    }

    private void save(Tokens tokens) throws IOException {
        store.save(tokens);
        cached = tokens;
    }

    private FormBody.Builder form(String grantType) {
        FormBody.Builder b = new FormBody.Builder().add("grant_type", grantType).add("client_id", clientId)
                .add("client_secret", clientSecret).add("device_id", deviceId);
        if (modelId != null) {
            b.add("model_id", modelId);
        }
        return b;
    }

    private Tokens tokens(JsonNode n) throws IOException {
        return new Tokens(text(n, "access_token"), text(n, "refresh_token"), n.path("token_type").asText("Bearer"),
                Duration.ofSeconds(n.path("expires_in").asLong(3600)), clock.instant());
    }

    private static String text(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException("auth response has no " + field);
        }
        return v.asText();
    }

    private JsonNode call(Request request) throws IOException {
        try (Response r = http.newCall(request).execute()) {
            byte[] body = r.body().bytes();
            if (!r.isSuccessful()) {
                JsonNode err = parse(body);
                String description = err != null && err.has("error_description") ? err.get("error_description").asText()
                        : err != null && err.has("error") ? err.get("error").asText()
                        : new String(body, java.nio.charset.StandardCharsets.UTF_8);
                String error = err != null && err.path("error").isTextual() ? err.get("error").asText() : null;
                throw new CicException(r.code(), r.code(), request.url().encodedPath() + ": " + description, error);
            }
            JsonNode n = parse(body);
            if (n == null) {
                throw new IOException(request.url().encodedPath() + " answered " + r.code() + " without JSON");
            }
            return n;
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode n = MessageCodec.mapper().readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "AuthManager[" + Objects.toString(base) + ", device=" + deviceId + "]";
    }
}
