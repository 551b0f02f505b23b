package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.server.testing.CicServerExtension;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The login → authorize → token flow, the token store, refresh (ahead of expiry and on 401) and logout. */
class AuthTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.accessTokenTtl(Duration.ofSeconds(2)));

    @Test
    void loginSavesTheTokensInAnOwnerOnlyFile() throws Exception {
        CicClient.Builder b = Clients.builder(cic, "device-" + UUID.randomUUID());
        try (CicClient client = b.build()) {
            assertThat(client.isLoggedIn()).isFalse();
            client.login(CicServerExtension.USER, CicServerExtension.PASSWORD);

            FileTokenStore store = (FileTokenStore) b.tokenStore;
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
            Tokens saved = store.load().orElseThrow();
            assertThat(saved.tokenType()).isEqualTo("Bearer");
            assertThat(saved.expiresIn()).isEqualTo(Duration.ofSeconds(2));
            assertThat(cic.server().auth().tokens().verify(saved.accessToken()).join()).isPresent();
            assertThat(Files.list(store.file().getParent())).containsExactly(store.file());
        }
    }

    @Test
    void aWrongPasswordIsA401AndStoresNothing() throws Exception {
        CicClient.Builder b = Clients.builder(cic, "device-" + UUID.randomUUID());
        try (CicClient client = b.build()) {
            assertThatThrownBy(() -> client.login(CicServerExtension.USER, "wrong"))
                    .isInstanceOfSatisfying(CicException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
            assertThat(client.isLoggedIn()).isFalse();
        }
    }

    @Test
    void authErrorsCarryTheOAuthErrorCode() throws Exception {
        CicClient.Builder wrongSecret = Clients.builder(cic, "device-" + UUID.randomUUID())
                .clientCredentials(cic.clientId(), "not-the-secret");
        try (CicClient client = wrongSecret.build()) {
            assertThatThrownBy(() -> client.login(CicServerExtension.USER, CicServerExtension.PASSWORD))
                    .isInstanceOfSatisfying(CicException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(401);
                        assertThat(e.oauthError()).isEqualTo("invalid_client");
                    });
        }
        try (CicClient client = Clients.builder(cic, "device-" + UUID.randomUUID()).build()) {
            client.login(CicServerExtension.USER, CicServerExtension.PASSWORD);
            useRefreshTokenElsewhere(client);
            assertThatThrownBy(client::refreshTokens).isInstanceOfSatisfying(CicException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(400);
                assertThat(e.oauthError()).isEqualTo("invalid_grant");
                assertThat(e.description()).startsWith("/token: ");
            });
        }
    }

    @Test
    void aRejectedRefreshTokenIsAnAuthenticationFailureThatStopsTheClient() throws Exception {
        java.util.List<CicException> authFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        ConnectionListener listener = new ConnectionListener() {
            @Override public void onAuthenticationFailed(CicException cause) { authFailures.add(cause); }
            @Override public void onFailure(Throwable cause, Duration retryIn) { failures.add(cause); }
        };
        CicClient.Builder b = Clients.builder(cic, "device-" + UUID.randomUUID()).connectionListener(listener);
        try (CicClient client = b.build()) {
            client.login(CicServerExtension.USER, CicServerExtension.PASSWORD);
            useRefreshTokenElsewhere(client); // our access token and refresh token are both dead now
            client.start();

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> client.state() == ConnectionState.SHUTDOWN);
            assertThat(client.whenConnected()).failsWithin(Duration.ofSeconds(1)).withThrowableOfType(
                    java.util.concurrent.ExecutionException.class).havingCause().isInstanceOfSatisfying(
                    CicException.class, e -> assertThat(e.oauthError()).isEqualTo("invalid_grant"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> authFailures.size() == 1);
            assertThat(authFailures.get(0).httpStatus()).isEqualTo(400);
            assertThat(client.isLoggedIn()).isFalse();
            assertThat(Files.exists(((FileTokenStore) b.tokenStore).file())).isFalse();

            // SHUTDOWN is final: the transport never leaves it and an attempt in it returns before
            // opening anything, so no reopen can follow and there is nothing to watch for
            assertThat(client.state()).isEqualTo(ConnectionState.SHUTDOWN);
            assertThat(client.downchannelOpens()).isEqualTo(1);
            assertThat(authFailures).hasSize(1);
            assertThat(failures).isEmpty();
            assertThatThrownBy(() -> client.recognizeText("hello").get(5, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(CicException.class);
        }
    }

    @Test
    void errorsOfOtherEndpointsHaveNoOAuthErrorCode() {
        assertThat(new CicException(500, 500, "boom").oauthError()).isNull();
    }

    /** Rotates the device's refresh token behind the client's back: its stored pair is dead. */
    static void useRefreshTokenElsewhere(CicClient client) throws java.io.IOException {
        useRefreshTokenElsewhere(cic, client);
    }

    static void useRefreshTokenElsewhere(CicServerExtension cic, CicClient client) throws java.io.IOException {
        CicServerExtension.json(cic.client().execute(com.linecorp.armeria.common.RequestHeaders.of(
                        com.linecorp.armeria.common.HttpMethod.POST, "/token",
                        "content-type", com.linecorp.armeria.common.MediaType.FORM_DATA),
                CicServerExtension.form("grant_type", "refresh_token", "client_id", cic.clientId(),
                        "client_secret", cic.clientSecret(), "refresh_token", client.tokens().orElseThrow().refreshToken(),
                        "device_id", client.deviceId()).toQueryString()).aggregate().join());
    }

    @Test
    void refreshReplacesTheTokensAndTheOldAccessTokenStopsWorking() throws Exception {
        try (CicClient client = Clients.builder(cic, "device-" + UUID.randomUUID()).build()) {
            client.login(CicServerExtension.USER, CicServerExtension.PASSWORD);
            Tokens before = client.tokens().orElseThrow();
            Tokens after = client.refreshTokens();
            assertThat(after.accessToken()).isNotEqualTo(before.accessToken());
            assertThat(client.tokens()).contains(after);
            assertThat(cic.server().auth().tokens().verify(after.accessToken()).join()).isPresent();
        }
    }

    @Test
    void logoutRevokesTheTokenOnTheServerAndClearsTheStore() throws Exception {
        CicClient.Builder b = Clients.builder(cic, "device-" + UUID.randomUUID());
        try (CicClient client = b.build()) {
            client.login(CicServerExtension.USER, CicServerExtension.PASSWORD);
            String token = client.tokens().orElseThrow().accessToken();
            client.logout();
            assertThat(cic.server().auth().tokens().verify(token).join()).isEmpty();
            assertThat(client.isLoggedIn()).isFalse();
            assertThat(Files.exists(((FileTokenStore) b.tokenStore).file())).isFalse();
        }
    }

    @Test
    void anAccessTokenPast80PercentOfItsLifetimeIsRefreshedBeforeTheRequest() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        try (CicClient client = Clients.started(cic, b -> b.clock(clock))) {
            Tokens first = client.tokens().orElseThrow();
            now.set(first.obtainedAt().plusMillis(1700)); // 85% of 2 s
            client.ping().get(5, TimeUnit.SECONDS);
            client.recognizeText("hello").get(10, TimeUnit.SECONDS);
            assertThat(client.tokens().orElseThrow().accessToken()).isNotEqualTo(first.accessToken());
        }
    }

    @Test
    void anIdleConnectedClientRefreshesItsTokenBeforeItExpires() throws Exception {
        try (CicClient client = Clients.started(cic, b -> {})) {
            Tokens first = client.tokens().orElseThrow();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(4)).until(() ->
                    !client.tokens().orElseThrow().accessToken().equals(first.accessToken()));
            Tokens second = client.tokens().orElseThrow();
            // refreshed at 80% of 2 s, before the old one expired
            assertThat(second.obtainedAt()).isBefore(first.expiresAt());
            assertThat(cic.server().auth().tokens().verify(second.accessToken()).join()).isPresent();
        }
    }

    @Test
    void a401OnAnEventRefreshesTheTokenAndRetriesOnce() throws Exception {
        // The client's clock stands still, so it never refreshes ahead: the server expires the token
        // (2 s) and answers 401, and the client must refresh and retry.
        Instant frozen = Instant.now();
        Clock clock = Clock.fixed(frozen, ZoneOffset.UTC);
        try (CicClient client = Clients.started(cic, b -> b.clock(clock))) {
            Tokens first = client.tokens().orElseThrow();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                    cic.server().auth().tokens().verify(first.accessToken()).join().isEmpty());

            EventResponse response = client.recognizeText("hello").get(10, TimeUnit.SECONDS);

            assertThat(response.httpStatus()).isEqualTo(200);
            assertThat(client.tokens().orElseThrow().accessToken()).isNotEqualTo(first.accessToken());
        }
    }
}
