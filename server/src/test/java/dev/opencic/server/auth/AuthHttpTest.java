package dev.opencic.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.store.Database;
import dev.opencic.server.testing.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The auth endpoints over real HTTP against an in-process Armeria server and an in-memory database. */
class AuthHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static final Duration ACCESS_TTL = Duration.ofMinutes(30);
    private static final AtomicInteger SEQ = new AtomicInteger();

    private static final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private static final List<DeviceIdentity> revoked = new CopyOnWriteArrayList<>();
    private static final AtomicInteger blockingTasks = new AtomicInteger();
    private static Database db;
    private static AuthModule auth;

    @RegisterExtension
    static final ServerExtension server = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            db = Database.inMemory("auth_http_" + UUID.randomUUID().toString().replace("-", ""));
            // Throttling has its own test (LoginThrottleHttpTest); here many failures in a row are the point.
            auth = AuthModule.builder(db).clock(clock).accessTokenTtl(ACCESS_TTL).freeFailures(1000, 1000)
                             .blockingExecutor(task -> {
                                 blockingTasks.incrementAndGet();
                                 CommonPools.blockingTaskExecutor().execute(task);
                             })
                             .build();
            auth.tokens().addRevocationListener(revoked::add);
            auth.bind(sb);
        }
    };

    private BlockingWebClient http;
    private String username;
    private ClientCredentials client;
    private String deviceId;

    @BeforeEach
    void setUp() {
        http = WebClient.of(server.httpUri()).blocking();
        username = "user." + SEQ.incrementAndGet();
        auth.accounts().createAccount(username, PASSWORD.toCharArray());
        client = auth.clients().createClient("Test speaker app");
        deviceId = UUID.randomUUID().toString();
        revoked.clear();
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    // ---------------------------------------------------------------------------------------------
    // The happy path

    @Test
    void login_authorize_token_and_verify_yield_the_identity_of_account_client_and_device() throws Exception {
        AggregatedHttpResponse loginRes = post("/accounts/login", null,
                                               form("username", username, "password", PASSWORD));
        assertThat(loginRes.status().code()).isEqualTo(200);
        JsonNode login = json(loginRes);
        assertThat(login.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(login.path("expires_in").asLong()).isEqualTo(3600);
        String accountToken = login.path("access_token").asText();
        assertThat(accountToken).hasSizeGreaterThanOrEqualTo(43);

        AggregatedHttpResponse authorizeRes = get("/authorize", accountToken,
                                                  form("client_id", client.clientId(), "device_id", deviceId,
                                                       "model_id", "test_model", "response_type", "code",
                                                       "state", "xyz"));
        assertThat(authorizeRes.status().code()).isEqualTo(200);
        String code = json(authorizeRes).path("code").asText();
        assertThat(code).hasSizeGreaterThanOrEqualTo(43);

        AggregatedHttpResponse tokenRes = post("/token", null,
                                               form("grant_type", "authorization_code",
                                                    "client_id", client.clientId(),
                                                    "client_secret", client.clientSecret(),
                                                    "code", code, "device_id", deviceId,
                                                    "model_id", "test_model"));
        assertThat(tokenRes.status().code()).isEqualTo(200);
        assertThat(tokenRes.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-store");
        JsonNode token = json(tokenRes);
        assertThat(token.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.path("expires_in").asLong()).isEqualTo(ACCESS_TTL.toSeconds());
        assertThat(token.path("refresh_token").asText()).hasSizeGreaterThanOrEqualTo(43);
        String accessToken = token.path("access_token").asText();

        String accountId = auth.accounts().findByUsername(username).orElseThrow().accountId();
        assertThat(verify(accessToken))
                .contains(new DeviceIdentity(accountId, client.clientId(), deviceId));
        assertThat(verify(accessToken + "x")).isEmpty();
    }

    @Test
    void authorize_by_form_post_and_token_by_get_query_work_as_well() throws Exception {
        String accountToken = login();
        AggregatedHttpResponse authorizeRes = post("/authorize", accountToken,
                                                   form("client_id", client.clientId(), "device_id", deviceId,
                                                        "response_type", "code", "state", "s1"));
        assertThat(authorizeRes.status().code()).isEqualTo(200);
        String code = json(authorizeRes).path("code").asText();

        AggregatedHttpResponse tokenRes = get("/token", null,
                                              form("grant_type", "authorization_code",
                                                   "client_id", client.clientId(),
                                                   "client_secret", client.clientSecret(),
                                                   "code", code, "device_id", deviceId));
        assertThat(tokenRes.status().code()).isEqualTo(200);
        assertThat(verify(json(tokenRes).path("access_token").asText())).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void state_comes_back_decoded_even_with_characters_that_need_url_encoding(String method) throws Exception {
        String state = "95/KjaJf+Mlakj=df TVbES5ccZQ==&x=%2F";
        Map<String, String> params = form("client_id", client.clientId(), "device_id", deviceId,
                                          "response_type", "code", "state", state);
        String query = encode(params);
        assertThat(query).contains("%2F").contains("%3D").contains("%2B").contains("%25");

        AggregatedHttpResponse res = "GET".equals(method) ? get("/authorize", login(), params)
                                                         : post("/authorize", login(), params);

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(json(res).path("state").asText()).isEqualTo(state);
    }

    @Test
    void each_request_is_handled_on_the_blocking_executor_not_the_event_loop() throws Exception {
        int before = blockingTasks.get();
        String accountToken = login();
        String code = authorize(accountToken);
        assertThat(exchange(code).status().code()).isEqualTo(200);

        // authorize and token; login runs on the password-hashing pool, also off the event loop
        assertThat(blockingTasks.get() - before).isGreaterThanOrEqualTo(2);
    }

    // ---------------------------------------------------------------------------------------------
    // Credentials

    @Test
    void a_wrong_password_and_an_unknown_user_get_the_same_401() throws Exception {
        AggregatedHttpResponse wrongPassword = post("/accounts/login", null,
                                                    form("username", username, "password", "not the password"));
        AggregatedHttpResponse unknownUser = post("/accounts/login", null,
                                                  form("username", "nobody-" + username, "password", PASSWORD));

        assertThat(wrongPassword.status().code()).isEqualTo(401);
        assertThat(unknownUser.status().code()).isEqualTo(401);
        assertThat(json(wrongPassword).path("error").asText()).isEqualTo("unauthorized");
        assertThat(wrongPassword.contentUtf8()).isEqualTo(unknownUser.contentUtf8());
    }

    @Test
    void a_wrong_client_secret_and_an_unknown_client_get_401_invalid_client_and_burn_nothing() throws Exception {
        String code = authorize(login());

        AggregatedHttpResponse wrongSecret = post("/token", null,
                                                  form("grant_type", "authorization_code",
                                                       "client_id", client.clientId(),
                                                       "client_secret", client.clientSecret() + "x",
                                                       "code", code, "device_id", deviceId));
        AggregatedHttpResponse unknownClient = post("/token", null,
                                                    form("grant_type", "authorization_code",
                                                         "client_id", "no-such-client",
                                                         "client_secret", client.clientSecret(),
                                                         "code", code, "device_id", deviceId));

        assertError(wrongSecret, 401, "invalid_client");
        assertThat(unknownClient.contentUtf8()).isEqualTo(wrongSecret.contentUtf8());
        // Failed client authentication did not use up the code.
        assertThat(exchange(code).status().code()).isEqualTo(200);
    }

    @Test
    void authorize_without_or_with_a_bad_or_expired_account_token_gets_401() throws Exception {
        Map<String, String> params = form("client_id", client.clientId(), "device_id", deviceId,
                                          "response_type", "code", "state", "s");
        String accountToken = login();

        assertError(get("/authorize", null, params), 401, "unauthorized");
        assertError(get("/authorize", "not-a-token", params), 401, "unauthorized");
        assertError(get("/authorize", client.clientSecret(), params), 401, "unauthorized");
        assertThat(get("/authorize", accountToken, params).headers().get(HttpHeaderNames.WWW_AUTHENTICATE))
                .isNull();

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        AggregatedHttpResponse expired = get("/authorize", accountToken, params);
        assertError(expired, 401, "unauthorized");
        assertThat(expired.headers().get(HttpHeaderNames.WWW_AUTHENTICATE)).startsWith("Bearer");
    }

    // ---------------------------------------------------------------------------------------------
    // Codes

    @Test
    void an_authorization_code_works_once_and_then_is_invalid_grant() throws Exception {
        String code = authorize(login());

        assertThat(exchange(code).status().code()).isEqualTo(200);
        assertError(exchange(code), 400, "invalid_grant");
    }

    @Test
    void a_code_presented_for_another_device_id_is_invalid_grant() throws Exception {
        String code = authorize(login());

        AggregatedHttpResponse res = post("/token", null,
                                          form("grant_type", "authorization_code",
                                               "client_id", client.clientId(),
                                               "client_secret", client.clientSecret(),
                                               "code", code, "device_id", "another-device"));

        assertError(res, 400, "invalid_grant");
    }

    @Test
    void a_code_issued_to_another_client_is_invalid_grant() throws Exception {
        String code = authorize(login());
        ClientCredentials other = auth.clients().createClient("Other app");

        AggregatedHttpResponse res = post("/token", null,
                                          form("grant_type", "authorization_code",
                                               "client_id", other.clientId(),
                                               "client_secret", other.clientSecret(),
                                               "code", code, "device_id", deviceId));

        assertError(res, 400, "invalid_grant");
    }

    @Test
    void an_expired_code_is_invalid_grant() throws Exception {
        String code = authorize(login());
        clock.advance(TokenService.DEFAULT_CODE_TTL.plusSeconds(1));

        assertError(exchange(code), 400, "invalid_grant");
    }

    @Test
    void an_access_token_past_its_lifetime_no_longer_verifies() throws Exception {
        String accessToken = json(exchange(authorize(login()))).path("access_token").asText();
        assertThat(verify(accessToken)).isPresent();

        clock.advance(ACCESS_TTL.minusSeconds(1));
        assertThat(verify(accessToken)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(verify(accessToken)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // Refresh and delete

    @Test
    void refresh_rotates_both_tokens_and_the_old_ones_stop_working() throws Exception {
        JsonNode first = json(exchange(authorize(login())));
        String oldAccess = first.path("access_token").asText();
        String oldRefresh = first.path("refresh_token").asText();
        assertThat(verify(oldAccess)).isPresent(); // now cached

        AggregatedHttpResponse refreshed = refresh(oldRefresh);
        assertThat(refreshed.status().code()).isEqualTo(200);
        JsonNode second = json(refreshed);
        String newAccess = second.path("access_token").asText();
        String newRefresh = second.path("refresh_token").asText();
        assertThat(newAccess).isNotEqualTo(oldAccess);
        assertThat(newRefresh).isNotEqualTo(oldRefresh);
        assertThat(second.path("expires_in").asLong()).isEqualTo(ACCESS_TTL.toSeconds());

        assertThat(verify(oldAccess)).isEmpty();
        assertThat(verify(newAccess)).isPresent();
        assertThat(refresh(newRefresh).status().code()).isEqualTo(200);
        assertThat(verify(newAccess)).isEmpty();
    }

    @Test
    void reusing_a_rotated_refresh_token_revokes_the_whole_family() throws Exception {
        JsonNode first = json(exchange(authorize(login())));
        String oldRefresh = first.path("refresh_token").asText();
        JsonNode second = json(refresh(oldRefresh));
        String newAccess = second.path("access_token").asText();
        String newRefresh = second.path("refresh_token").asText();
        assertThat(verify(newAccess)).isPresent();

        assertError(refresh(oldRefresh), 400, "invalid_grant");

        assertThat(verify(newAccess)).as("the pair issued after the reused token is revoked too").isEmpty();
        assertError(refresh(newRefresh), 400, "invalid_grant");
    }

    @Test
    void refresh_still_works_after_the_access_token_expired() throws Exception {
        JsonNode first = json(exchange(authorize(login())));
        clock.advance(ACCESS_TTL.plusMinutes(5));
        assertThat(verify(first.path("access_token").asText())).isEmpty();

        AggregatedHttpResponse refreshed = refresh(first.path("refresh_token").asText());

        assertThat(refreshed.status().code()).isEqualTo(200);
        assertThat(verify(json(refreshed).path("access_token").asText())).isPresent();
    }

    @Test
    void a_refresh_token_presented_for_another_device_is_invalid_grant() throws Exception {
        JsonNode first = json(exchange(authorize(login())));

        AggregatedHttpResponse res = post("/token", null,
                                          form("grant_type", "refresh_token",
                                               "client_id", client.clientId(),
                                               "client_secret", client.clientSecret(),
                                               "refresh_token", first.path("refresh_token").asText(),
                                               "device_id", "another-device"));

        assertError(res, 400, "invalid_grant");
        assertThat(verify(first.path("access_token").asText())).isPresent();
    }

    @Test
    void delete_revokes_at_once_and_tells_the_revocation_listener() throws Exception {
        JsonNode issued = json(exchange(authorize(login())));
        String accessToken = issued.path("access_token").asText();
        DeviceIdentity identity = verify(accessToken).orElseThrow(); // cached from here on

        AggregatedHttpResponse res = post("/token", null,
                                          form("grant_type", "delete",
                                               "client_id", client.clientId(),
                                               "client_secret", client.clientSecret(),
                                               "access_token", accessToken, "device_id", deviceId));

        assertThat(res.status().code()).isEqualTo(200);
        assertThat(json(res).path("deleted").asBoolean()).isTrue();
        CompletableFuture<Optional<DeviceIdentity>> after = auth.tokens().verify(accessToken);
        assertThat(after.get()).isEmpty();
        assertThat(revoked).containsExactly(identity);
        assertError(refresh(issued.path("refresh_token").asText()), 400, "invalid_grant");
    }

    @Test
    void deleting_a_token_of_another_device_or_an_already_deleted_token_is_invalid_grant() throws Exception {
        String accessToken = json(exchange(authorize(login()))).path("access_token").asText();
        Map<String, String> otherDevice = form("grant_type", "delete", "client_id", client.clientId(),
                                               "client_secret", client.clientSecret(),
                                               "access_token", accessToken, "device_id", "another-device");
        Map<String, String> rightDevice = new LinkedHashMap<>(otherDevice);
        rightDevice.put("device_id", deviceId);

        assertError(post("/token", null, otherDevice), 400, "invalid_grant");
        assertThat(verify(accessToken)).isPresent();
        assertThat(post("/token", null, rightDevice).status().code()).isEqualTo(200);
        assertError(post("/token", null, rightDevice), 400, "invalid_grant");
        assertThat(revoked).hasSize(1);
    }

    // ---------------------------------------------------------------------------------------------
    // Bad requests

    @ParameterizedTest
    @ValueSource(strings = {"grant_type", "client_id", "client_secret", "device_id", "code"})
    void a_token_request_without_a_required_parameter_is_400_naming_it(String missing) throws Exception {
        Map<String, String> params = form("grant_type", "authorization_code", "client_id", client.clientId(),
                                          "client_secret", client.clientSecret(), "code", "some-code",
                                          "device_id", deviceId);
        params.remove(missing);

        AggregatedHttpResponse res = post("/token", null, params);

        assertError(res, 400, "invalid_request");
        assertThat(json(res).path("error_description").asText()).contains(missing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"refresh_token", "delete"})
    void refresh_and_delete_without_their_token_parameter_are_400_naming_it(String grantType) throws Exception {
        AggregatedHttpResponse res = post("/token", null,
                                          form("grant_type", grantType, "client_id", client.clientId(),
                                               "client_secret", client.clientSecret(), "device_id", deviceId));

        assertError(res, 400, "invalid_request");
        String expected = "refresh_token".equals(grantType) ? "refresh_token" : "access_token";
        assertThat(json(res).path("error_description").asText()).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"client_id", "device_id", "response_type", "state"})
    void an_authorize_request_without_a_required_parameter_is_400_naming_it(String missing) throws Exception {
        Map<String, String> params = form("client_id", client.clientId(), "device_id", deviceId,
                                          "response_type", "code", "state", "s");
        params.remove(missing);

        AggregatedHttpResponse res = get("/authorize", login(), params);

        assertError(res, 400, "invalid_request");
        assertThat(json(res).path("error_description").asText()).contains(missing);
    }

    @Test
    void an_unknown_grant_type_is_400_unsupported_grant_type() throws Exception {
        AggregatedHttpResponse res = post("/token", null,
                                          form("grant_type", "password", "client_id", client.clientId(),
                                               "client_secret", client.clientSecret(), "device_id", deviceId));

        assertError(res, 400, "unsupported_grant_type");
    }

    @Test
    void a_response_type_other_than_code_is_400_unsupported_response_type() throws Exception {
        AggregatedHttpResponse res = get("/authorize", login(),
                                         form("client_id", client.clientId(), "device_id", deviceId,
                                              "response_type", "token", "state", "s"));

        assertError(res, 400, "unsupported_response_type");
    }

    @Test
    void authorize_for_an_unknown_client_id_is_400() throws Exception {
        AggregatedHttpResponse res = get("/authorize", login(),
                                         form("client_id", "no-such-client", "device_id", deviceId,
                                              "response_type", "code", "state", "s"));

        assertError(res, 400, "invalid_request");
        assertThat(json(res).path("error_description").asText()).contains("client_id");
    }

    @Test
    void malformed_input_gets_400_never_500() throws Exception {
        String accountToken = login();
        // The same parameter twice (query and body).
        AggregatedHttpResponse repeated = http.execute(
                HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, "/token?grant_type=delete")
                                             .contentType(MediaType.FORM_DATA).build(),
                               HttpData.ofUtf8("grant_type=delete&client_id=x")));
        assertError(repeated, 400, "invalid_request");
        assertThat(json(repeated).path("error_description").asText()).contains("grant_type");

        // A body that is not a form.
        AggregatedHttpResponse jsonBody = http.execute(
                HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, "/token")
                                             .contentType(MediaType.JSON_UTF_8).build(),
                               HttpData.ofUtf8("{\"grant_type\":\"delete\"}")));
        assertError(jsonBody, 400, "invalid_request");

        // Login credentials in the query string are refused.
        AggregatedHttpResponse queryLogin = http.execute(
                HttpRequest.of(HttpMethod.POST, "/accounts/login?" + encode(form("username", username,
                                                                                 "password", PASSWORD))));
        assertError(queryLogin, 400, "invalid_request");

        // An over-long device id.
        AggregatedHttpResponse longDevice = get("/authorize", accountToken,
                                                form("client_id", client.clientId(), "device_id", "d".repeat(500),
                                                     "response_type", "code", "state", "s"));
        assertError(longDevice, 400, "invalid_request");
        assertThat(json(longDevice).path("error_description").asText()).contains("device_id");

        // Bad percent-encoding.
        AggregatedHttpResponse badEncoding = http.execute(
                HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, "/token")
                                             .contentType(MediaType.FORM_DATA).build(),
                               HttpData.ofUtf8("grant_type=%zz&client_id=%")));
        assertThat(badEncoding.status().code()).isBetween(400, 499);
    }

    // ---------------------------------------------------------------------------------------------
    // Storage

    @Test
    void only_digests_of_passwords_secrets_codes_and_tokens_reach_the_database() throws Exception {
        String accountToken = login();
        String code = authorize(accountToken);
        JsonNode issued = json(exchange(code));
        String accessToken = issued.path("access_token").asText();
        String refreshToken = issued.path("refresh_token").asText();

        String dump = databaseDump();

        assertThat(dump).contains(Secrets.sha256(accessToken), Secrets.sha256(refreshToken),
                                  Secrets.sha256(code), Secrets.sha256(accountToken),
                                  Secrets.sha256(client.clientSecret()), client.clientId(), username)
                        .doesNotContain(accessToken, refreshToken, code, accountToken, client.clientSecret(),
                                        PASSWORD)
                        .contains("$argon2id$");
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    private String login() throws Exception {
        AggregatedHttpResponse res = post("/accounts/login", null, form("username", username, "password", PASSWORD));
        assertThat(res.status().code()).isEqualTo(200);
        return json(res).path("access_token").asText();
    }

    private String authorize(String accountToken) throws Exception {
        AggregatedHttpResponse res = get("/authorize", accountToken,
                                         form("client_id", client.clientId(), "device_id", deviceId,
                                              "response_type", "code", "state", "s"));
        assertThat(res.status().code()).isEqualTo(200);
        return json(res).path("code").asText();
    }

    private AggregatedHttpResponse exchange(String code) {
        return post("/token", null, form("grant_type", "authorization_code", "client_id", client.clientId(),
                                         "client_secret", client.clientSecret(), "code", code,
                                         "device_id", deviceId));
    }

    private AggregatedHttpResponse refresh(String refreshToken) {
        return post("/token", null, form("grant_type", "refresh_token", "client_id", client.clientId(),
                                         "client_secret", client.clientSecret(),
                                         "refresh_token", refreshToken, "device_id", deviceId));
    }

    private static Optional<DeviceIdentity> verify(String accessToken) throws Exception {
        return auth.tokens().verify(accessToken).get();
    }

    private AggregatedHttpResponse get(String path, String bearer, Map<String, String> params) {
        RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.GET, path + "?" + encode(params));
        if (bearer != null) {
            headers.add(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer);
        }
        return http.execute(HttpRequest.of(headers.build()));
    }

    private AggregatedHttpResponse post(String path, String bearer, Map<String, String> params) {
        RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path)
                                                      .contentType(MediaType.FORM_DATA);
        if (bearer != null) {
            headers.add(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer);
        }
        return http.execute(HttpRequest.of(headers.build(), HttpData.ofUtf8(encode(params))));
    }

    private static Map<String, String> form(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String encode(Map<String, String> params) {
        return params.entrySet().stream()
                     .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                               + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                     .collect(Collectors.joining("&"));
    }

    private static JsonNode json(AggregatedHttpResponse res) throws Exception {
        assertThat(res.contentType()).isNotNull();
        assertThat(res.contentType().is(MediaType.JSON)).as(res.contentUtf8()).isTrue();
        return JSON.readTree(res.contentUtf8());
    }

    private static void assertError(AggregatedHttpResponse res, int status, String error) throws Exception {
        assertThat(res.status().code()).as(res.contentUtf8()).isEqualTo(status);
        JsonNode body = json(res);
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("error_description").asText()).isNotBlank();
        assertThat(res.contentUtf8()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Every row of every table, as H2's SQL script. */
    private static String databaseDump() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SCRIPT")) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append('\n');
            }
        }
        return sb.toString();
    }
}
