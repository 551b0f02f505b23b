package dev.opencic.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the Clova Auth API plus the account login it relies on:
 *
 * <ul>
 *   <li>{@code POST /accounts/login} — form {@code username}, {@code password} → {@code
 *       {"access_token", "token_type": "Bearer", "expires_in"}}; bad credentials → 401
 *       {@code unauthorized}.</li>
 *   <li>{@code GET|POST /authorize} — {@code Authorization: Bearer <account access token>};
 *       {@code client_id}, {@code device_id}, {@code model_id} (optional), {@code response_type=code},
 *       {@code state} → {@code {"code", "state"}}. Guest mode: {@code request_vu=Y} and no
 *       {@code Authorization} → a code for the device's guest account (limited scope).</li>
 *   <li>{@code GET|POST /token} — {@code grant_type} = {@code authorization_code} (with {@code code}),
 *       {@code refresh_token} (with {@code refresh_token}) or {@code delete} (with {@code
 *       access_token}); always {@code client_id}, {@code client_secret}, {@code device_id};
 *       {@code model_id} optional → {@code {"access_token", "expires_in", "refresh_token",
 *       "token_type": "Bearer"}}; a successful delete answers 200 {@code {"deleted": true}}. The
 *       reference lists {@code response_type} for /token too, but its own examples omit it, so it is
 *       ignored here.</li>
 * </ul>
 *
 * <p>Parameters come from the query string and, for POST, from an
 * {@code application/x-www-form-urlencoded} body; a parameter given more than once is refused.
 * Errors are {@code {"error", "error_description"}} with the status of {@link OAuthError}; an
 * unexpected failure is a bare 500 {@code server_error} without details. Database and hashing work
 * runs on the blocking executor, never on the event loop. Nothing here logs a parameter value.
 *
 * <p>Note for whoever configures access logging: a GET /token carries the client secret and the
 * code or token in its query string, so request URIs of /token must not be logged.
 */
public final class AuthHttpServices {

    private static final Logger log = LoggerFactory.getLogger(AuthHttpServices.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough for any legitimate auth request; larger bodies are refused by Armeria with 413. */
    private static final long MAX_REQUEST_LENGTH = 16 * 1024;
    private static final int MAX_STATE_LENGTH = 1024;

    private final AccountService accounts;
    private final TokenService tokens;
    private final Executor blockingExecutor;
    /** Where password hashing runs: its own bounded pool, so guessing cannot starve other requests. */
    private final Executor hashingExecutor;
    private final LoginThrottle accountFailures;
    private final LoginThrottle addressFailures;
    /** The device authorisation grant; null where it is not offered (the constructors without it). */
    private DeviceCodeGrant deviceCodes;

    /**
     * @param blockingExecutor where database and hashing work runs; {@code null} means the request
     *        context's {@code blockingTaskExecutor()}
     */
    public AuthHttpServices(AccountService accounts, TokenService tokens, Executor blockingExecutor) {
        this(accounts, tokens, blockingExecutor, blockingExecutor,
             new LoginThrottle(Integer.MAX_VALUE, Duration.ofSeconds(1), Clock.systemUTC()),
             new LoginThrottle(Integer.MAX_VALUE, Duration.ofSeconds(1), Clock.systemUTC()));
    }

    /**
     * @param hashingExecutor where {@code /accounts/login} runs (argon2); a {@link
     *        java.util.concurrent.RejectedExecutionException} from it answers 503 with Retry-After
     * @param accountFailures failed logins per account, failed {@code /token} requests per client and device
     * @param addressFailures failed logins and {@code /token} requests per client address
     */
    public AuthHttpServices(AccountService accounts, TokenService tokens, Executor blockingExecutor,
                            Executor hashingExecutor, LoginThrottle accountFailures, LoginThrottle addressFailures) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.blockingExecutor = blockingExecutor;
        this.hashingExecutor = hashingExecutor;
        this.accountFailures = Objects.requireNonNull(accountFailures, "accountFailures");
        this.addressFailures = Objects.requireNonNull(addressFailures, "addressFailures");
    }

    /** Offers the device authorisation grant: {@code POST /device_authorization} and its {@code /token} grant type. */
    void deviceCodes(DeviceCodeGrant grant) {
        this.deviceCodes = Objects.requireNonNull(grant, "grant");
    }

    /**
     * A password login for another front door (the web console), counted by the same throttles as
     * {@code /accounts/login}: failures there and here add up, per account and per address.
     *
     * @throws OAuthException unauthorized for bad credentials, too_many_requests while throttled
     */
    public AccountAccessToken throttledLogin(String username, char[] password, java.net.InetAddress from) {
        return throttled("account:" + username.toLowerCase(java.util.Locale.ROOT), "address:" + from.getHostAddress(),
                List.of(OAuthError.UNAUTHORIZED), () -> accounts.login(username, password));
    }

    /** Registers {@code /accounts/login}, {@code /authorize} and {@code /token}. */
    public void bind(ServerBuilder sb) {
        sb.route().path("/accounts/login").methods(HttpMethod.POST)
          .maxRequestLength(MAX_REQUEST_LENGTH).build(service(this::login, true));
        sb.route().path("/authorize").methods(HttpMethod.GET, HttpMethod.POST)
          .maxRequestLength(MAX_REQUEST_LENGTH).build(service(this::authorize, false));
        sb.route().path("/token").methods(HttpMethod.GET, HttpMethod.POST)
          .maxRequestLength(MAX_REQUEST_LENGTH).build(service(this::token, false));
        if (deviceCodes != null) {
            sb.route().path("/device_authorization").methods(HttpMethod.POST)
              .maxRequestLength(MAX_REQUEST_LENGTH).build(service(this::deviceAuthorization, false));
        }
    }

    @FunctionalInterface
    private interface Handler {
        HttpResponse handle(ServiceRequestContext ctx, AggregatedHttpRequest req);
    }

    private HttpService service(Handler handler, boolean hashes) {
        return (ctx, req) -> {
            Executor chosen = hashes ? hashingExecutor : blockingExecutor;
            Executor executor = chosen != null ? chosen : ctx.blockingTaskExecutor();
            return HttpResponse.of(req.aggregate().thenCompose(agg -> {
                CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
                try {
                    executor.execute(() -> answer.complete(guarded(() -> handler.handle(ctx, agg))));
                } catch (RejectedExecutionException e) {
                    answer.complete(error(OAuthError.TEMPORARILY_UNAVAILABLE,
                            "the server is busy checking passwords; retry shortly", Duration.ofSeconds(1)));
                }
                return answer;
            }));
        };
    }

    /**
     * Runs {@code attempt} unless one of {@code keys} is blocked (then 429 with Retry-After, before any
     * work); a failure with one of {@code counted} errors counts against every key, a success clears
     * the first (the account's).
     */
    private <T> T throttled(String accountKey, String addressKey, List<OAuthError> counted, Supplier<T> attempt) {
        Optional<Duration> wait = accountFailures.blockedFor(accountKey)
                .or(() -> addressFailures.blockedFor(addressKey));
        if (wait.isPresent()) {
            throw new OAuthException(OAuthError.TOO_MANY_REQUESTS,
                    "too many failed attempts; retry after the time in Retry-After", wait.get());
        }
        try {
            T result = attempt.get();
            accountFailures.succeeded(accountKey);
            return result;
        } catch (OAuthException e) {
            if (counted.contains(e.error())) {
                accountFailures.failed(accountKey);
                addressFailures.failed(addressKey);
            }
            throw e;
        }
    }

    private static String address(ServiceRequestContext ctx) {
        return "address:" + ctx.clientAddress().getHostAddress();
    }

    private static HttpResponse guarded(Supplier<HttpResponse> work) {
        try {
            return work.get();
        } catch (OAuthException e) {
            return error(e.error(), e.description(), e.retryAfter());
        } catch (RuntimeException e) {
            // The message of a store exception names a statement, never a value; still keep it terse.
            log.error("Auth request failed: {}", e.toString(), e);
            return json(HttpStatus.INTERNAL_SERVER_ERROR, Map.of("error", "server_error",
                                                                   "error_description", "internal error"));
        }
    }

    private HttpResponse login(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Params p = Params.formOnly(req);
        String username = p.required("username");
        String password = p.required("password");
        AccountAccessToken token = throttled("account:" + username.toLowerCase(java.util.Locale.ROOT), address(ctx),
                List.of(OAuthError.UNAUTHORIZED), () -> accounts.login(username, password.toCharArray()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", token.expiresInSeconds());
        return json(HttpStatus.OK, body);
    }

    private HttpResponse authorize(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        String bearer = bearerToken(req);
        Params p = Params.of(ctx, req);
        String guestMode = p.optional("request_vu");
        if (guestMode != null && !guestMode.equals("Y") && !guestMode.equals("N")) {
            throw new OAuthException(OAuthError.INVALID_REQUEST, "request_vu must be Y or N");
        }
        // Guest mode (the Auth API's request_vu=Y): no account login; the code is for the device's
        // guest account, whose token reaches only what needs no account (dialog.GuestScope).
        boolean guest = "Y".equals(guestMode) && bearer == null;
        if (!guest && bearer == null && req.method() == HttpMethod.GET && wantsHtml(req)) {
            // A person's browser, not an app: the console's consent page (signed in there) takes over.
            String query = ctx.query();
            return HttpResponse.of(ResponseHeaders.of(HttpStatus.SEE_OTHER, HttpHeaderNames.LOCATION,
                    "/console/authorize" + (query == null ? "" : "?" + query)));
        }
        String accountId = guest ? null : (bearer == null ? Optional.<String>empty() : accounts.authenticate(bearer))
                .orElseThrow(() -> new OAuthException(
                        OAuthError.UNAUTHORIZED, bearer == null ? "missing Authorization: Bearer account access token"
                                                                : "invalid or expired account access token"));
        String clientId = p.required("client_id");
        String deviceId = p.required("device_id");
        String modelId = p.optional("model_id");
        String responseType = p.required("response_type");
        String state = p.required("state");
        if (!"code".equals(responseType)) {
            throw new OAuthException(OAuthError.UNSUPPORTED_RESPONSE_TYPE, "response_type must be \"code\"");
        }
        if (state.length() > MAX_STATE_LENGTH) {
            throw new OAuthException(OAuthError.INVALID_REQUEST,
                                     "parameter state is longer than " + MAX_STATE_LENGTH + " characters");
        }
        if (guest) {
            tokens.checkClientAndDevice(clientId, deviceId); // before a guest account is made for them
            accountId = accounts.guestAccount(clientId, deviceId);
        }
        String code = tokens.createAuthorizationCode(accountId, clientId, deviceId, modelId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("state", state);
        return json(HttpStatus.OK, body);
    }

    private HttpResponse token(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Params p = Params.of(ctx, req);
        String grantType = p.required("grant_type");
        boolean deviceCode = deviceCodes != null && DeviceCodeGrant.GRANT_TYPE.equals(grantType);
        if (!deviceCode && !List.of("authorization_code", "refresh_token", "delete").contains(grantType)) {
            throw new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE,
                                     "grant_type must be authorization_code, refresh_token or delete");
        }
        String clientId = p.required("client_id");
        String clientSecret = p.required("client_secret");
        String deviceId = p.required("device_id");
        String modelId = p.optional("model_id");
        return throttled("client:" + clientId + "/" + deviceId, address(ctx),
                List.of(OAuthError.INVALID_CLIENT, OAuthError.INVALID_GRANT),
                () -> grant(p, grantType, clientId, clientSecret, deviceId, modelId));
    }

    private HttpResponse grant(Params p, String grantType, String clientId, String clientSecret, String deviceId,
                               String modelId) {
        switch (grantType) {
            case DeviceCodeGrant.GRANT_TYPE: {
                String deviceCode = p.required("device_code");
                return tokenResponse(deviceCodes.poll(clientId, clientSecret, deviceCode, deviceId));
            }
            case "authorization_code": {
                String code = p.required("code");
                return tokenResponse(tokens.exchangeCode(clientId, clientSecret, code, deviceId, modelId));
            }
            case "refresh_token": {
                String refreshToken = p.required("refresh_token");
                return tokenResponse(tokens.refresh(clientId, clientSecret, refreshToken, deviceId));
            }
            default: {
                String accessToken = p.required("access_token");
                tokens.delete(clientId, clientSecret, accessToken, deviceId);
                return json(HttpStatus.OK, Map.of("deleted", true));
            }
        }
    }

    /**
     * {@code POST /device_authorization} (form {@code client_id}, {@code client_secret}, {@code device_id},
     * {@code model_id} optional) → {@code {"device_code", "user_code", "verification_uri",
     * "verification_uri_complete", "expires_in", "interval"}}; the URI is the console's device page on
     * the host and scheme the device asked.
     */
    private HttpResponse deviceAuthorization(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Params p = Params.formOnly(req);
        String clientId = p.required("client_id");
        String clientSecret = p.required("client_secret");
        String deviceId = p.required("device_id");
        String modelId = p.optional("model_id");
        DeviceCodeGrant.Started started = throttled("client:" + clientId + "/" + deviceId, address(ctx),
                List.of(OAuthError.INVALID_CLIENT), () -> deviceCodes.start(clientId, clientSecret, deviceId, modelId));
        String authority = req.headers().authority() != null ? req.headers().authority() : "localhost";
        String uri = (ctx.sessionProtocol().isTls() ? "https://" : "http://") + authority + "/console/device";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device_code", started.deviceCode());
        body.put("user_code", started.userCode());
        body.put("verification_uri", uri);
        body.put("verification_uri_complete", uri + "?code=" + started.userCode());
        body.put("expires_in", started.expiresInSeconds());
        body.put("interval", started.intervalSeconds());
        return json(HttpStatus.OK, body);
    }

    private static HttpResponse tokenResponse(IssuedTokens issued) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.accessToken());
        body.put("expires_in", issued.expiresInSeconds());
        body.put("refresh_token", issued.refreshToken());
        body.put("token_type", "Bearer");
        return json(HttpStatus.OK, body);
    }

    private static boolean wantsHtml(AggregatedHttpRequest req) {
        String accept = req.headers().get(HttpHeaderNames.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    private static String bearerToken(AggregatedHttpRequest req) {
        String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (h.length() <= 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = h.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    static HttpResponse error(OAuthError error, String description) {
        return error(error, description, null);
    }

    static HttpResponse error(OAuthError error, String description, Duration retryAfter) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.code());
        body.put("error_description", description);
        return json(HttpStatus.valueOf(error.httpStatus()), body, retryAfter);
    }

    private static HttpResponse json(HttpStatus status, Map<String, ?> body) {
        return json(status, body, null);
    }

    private static HttpResponse json(HttpStatus status, Map<String, ?> body, Duration retryAfter) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a map of strings and numbers", e);
        }
        ResponseHeadersBuilder headers = ResponseHeaders.builder(status)
                                                        .contentType(MediaType.JSON_UTF_8)
                                                        // Tokens and codes must not be cached (RFC 6749 5.1).
                                                        .add(HttpHeaderNames.CACHE_CONTROL, "no-store")
                                                        .add(HttpHeaderNames.PRAGMA, "no-cache");
        if (retryAfter != null) {
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            headers.add(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds));
        }
        if (status == HttpStatus.UNAUTHORIZED && "unauthorized".equals(body.get("error"))) {
            headers.add(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"opencic\"");
        }
        return HttpResponse.of(headers.build(), HttpData.wrap(bytes));
    }

    /** Request parameters from the query string and, for POST, a form body. */
    private static final class Params {
        private final List<QueryParams> sources;

        private Params(List<QueryParams> sources) {
            this.sources = sources;
        }

        static Params of(ServiceRequestContext ctx, AggregatedHttpRequest req) {
            List<QueryParams> sources = new ArrayList<>(2);
            sources.add(ctx.queryParams());
            QueryParams form = form(req);
            if (form != null) {
                sources.add(form);
            }
            return new Params(sources);
        }

        /** Credentials belong in the body, not in a URL that ends up in logs and histories. */
        static Params formOnly(AggregatedHttpRequest req) {
            QueryParams form = form(req);
            if (form == null) {
                throw new OAuthException(OAuthError.INVALID_REQUEST,
                                         "expected an application/x-www-form-urlencoded body");
            }
            return new Params(List.of(form));
        }

        private static QueryParams form(AggregatedHttpRequest req) {
            if (req.method() != HttpMethod.POST) {
                return null;
            }
            MediaType type = req.headers().contentType();
            if (type == null || !type.is(MediaType.FORM_DATA)) {
                if (req.content().isEmpty()) {
                    return null;
                }
                throw new OAuthException(OAuthError.INVALID_REQUEST,
                                         "request body must be application/x-www-form-urlencoded");
            }
            return QueryParams.fromQueryString(req.contentUtf8());
        }

        /** The value, or null if absent or empty. */
        String optional(String name) {
            String value = null;
            int count = 0;
            for (QueryParams source : sources) {
                for (String v : source.getAll(name)) {
                    count++;
                    value = v;
                }
            }
            if (count > 1) {
                throw new OAuthException(OAuthError.INVALID_REQUEST, "parameter " + name + " must not be repeated");
            }
            return value == null || value.isEmpty() ? null : value;
        }

        String required(String name) {
            String value = optional(name);
            if (value == null) {
                throw new OAuthException(OAuthError.INVALID_REQUEST, "missing required parameter: " + name);
            }
            return value;
        }
    }
}
