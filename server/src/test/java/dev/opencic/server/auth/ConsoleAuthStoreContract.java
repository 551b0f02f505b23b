package dev.opencic.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.server.store.StoreContract;
import dev.opencic.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's tables (V19 account_roles, V20 device_authorizations) through {@link AccountRoles}
 * and {@link DeviceCodeGrant}, on every database the server runs on (H2 and PostgreSQL subclasses).
 */
abstract class ConsoleAuthStoreContract extends StoreContract {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private AuthModule auth;
    private ClientCredentials client;
    private String alice;

    @BeforeEach
    void seed() {
        auth = AuthModule.builder(db).clock(clock).blockingExecutor(Runnable::run)
                .build();
        alice = auth.accounts().createAccount("alice", "a long password".toCharArray()).accountId();
        client = auth.clients().createClient("speaker");
    }

    @Test
    void rolesAreGrantedOnceAndListed() {
        assertThat(auth.roles().anyAccountExists()).isTrue();
        assertThat(auth.roles().isAdmin(alice)).isFalse();
        assertThat(auth.roles().grantAdmin(alice)).isTrue();
        assertThat(auth.roles().grantAdmin(alice)).isFalse();
        assertThat(auth.roles().list()).singleElement().satisfies(a -> {
            assertThat(a.username()).isEqualTo("alice");
            assertThat(a.admin()).isTrue();
        });
    }

    @Test
    void theAdministratorRoleIsTakenBackButNeverFromTheLast() {
        String bob = auth.accounts().createAccount("bob", "another long password".toCharArray()).accountId();
        assertThat(auth.roles().revokeAdmin(alice)).isEqualTo(AccountRoles.Revoked.WAS_NOT_ADMIN);
        auth.roles().grantAdmin(alice);
        assertThat(auth.roles().revokeAdmin(alice)).isEqualTo(AccountRoles.Revoked.LAST_ADMIN);
        assertThat(auth.roles().isAdmin(alice)).isTrue();
        auth.roles().grantAdmin(bob);
        assertThat(auth.roles().revokeAdmin(alice)).isEqualTo(AccountRoles.Revoked.REVOKED);
        assertThat(auth.roles().isAdmin(alice)).isFalse();
        assertThat(auth.roles().revokeAdmin(bob)).isEqualTo(AccountRoles.Revoked.LAST_ADMIN);
    }

    @Test
    void aClientsSecretIsRotatedAndTheClientDeletedWithWhatWasIssuedToIt() {
        ClientCredentials rotated = auth.clients().rotateSecret(client.clientId()).orElseThrow();
        assertThatThrownBy(() -> auth.clients().authenticate(client.clientId(), client.clientSecret()))
                .isInstanceOf(OAuthException.class);
        assertThat(auth.clients().authenticate(client.clientId(), rotated.clientSecret()).name()).isEqualTo("speaker");
        assertThat(auth.clients().rotateSecret("no-such-client")).isEmpty();

        String code = auth.tokens().createAuthorizationCode(alice, client.clientId(), "kitchen", null);
        IssuedTokens issued = auth.tokens().exchangeCode(client.clientId(), rotated.clientSecret(), code, "kitchen", null);
        auth.tokens().createAuthorizationCode(alice, client.clientId(), "hall", null); // unused: deleted too
        auth.deviceCodes().start(client.clientId(), rotated.clientSecret(), "porch", null);
        // Refreshed: the family's live row is the new one (and the new token is cached as valid).
        IssuedTokens refreshed = auth.tokens().refresh(client.clientId(), rotated.clientSecret(),
                issued.refreshToken(), "kitchen");
        assertThat(auth.tokens().verifyToken(refreshed.accessToken()).join()).isPresent();
        assertThat(auth.tokens().liveDevicesPerClient()).isEqualTo(java.util.Map.of(client.clientId(), 1));
        java.util.List<dev.opencic.server.api.DeviceIdentity> told = new java.util.ArrayList<>();
        auth.tokens().addRevocationListener(told::add);

        assertThat(auth.tokens().deleteClient(client.clientId()).orElseThrow())
                .containsExactly(new dev.opencic.server.api.DeviceIdentity(alice, client.clientId(), "kitchen"));
        assertThat(told).containsExactly(new dev.opencic.server.api.DeviceIdentity(alice, client.clientId(), "kitchen"));
        assertThat(auth.tokens().verifyToken(refreshed.accessToken()).join()).isEmpty();
        assertThat(auth.tokens().liveDevicesPerClient()).isEmpty();
        assertThat(auth.clients().find(client.clientId())).isEmpty();
        assertThat(auth.clients().list()).isEmpty();
        assertThat(auth.tokens().deleteClient(client.clientId())).isEmpty();
    }

    @Test
    void aDeviceCodeIsPendingThenApprovedThenRedeemedOnce() {
        DeviceCodeGrant grant = auth.deviceCodes();
        DeviceCodeGrant.Started started = grant.start(client.clientId(), client.clientSecret(), "dev-1", "model-x");
        assertThat(started.userCode()).matches("[A-Z]{4}-[A-Z]{4}");
        assertThat(grant.pending(started.userCode().toLowerCase().replace("-", " ")))
                .hasValueSatisfying(p -> assertThat(p.clientName()).isEqualTo("speaker"));
        assertThatThrownBy(() -> grant.poll(client.clientId(), client.clientSecret(), started.deviceCode(), "dev-1"))
                .isInstanceOfSatisfying(OAuthException.class,
                        e -> assertThat(e.error()).isEqualTo(OAuthError.AUTHORIZATION_PENDING));
        // Polled again at once: too fast.
        assertThatThrownBy(() -> grant.poll(client.clientId(), client.clientSecret(), started.deviceCode(), "dev-1"))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.SLOW_DOWN));
        assertThatThrownBy(() -> grant.poll(client.clientId(), client.clientSecret(), started.deviceCode(), "dev-2"))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_GRANT));

        assertThat(grant.approve(started.userCode(), alice)).isTrue();
        assertThat(grant.deny(started.userCode())).isFalse();
        IssuedTokens tokens = grant.poll(client.clientId(), client.clientSecret(), started.deviceCode(), "dev-1");
        assertThat(tokens.accessToken()).isNotBlank();
        assertThatThrownBy(() -> grant.poll(client.clientId(), client.clientSecret(), started.deviceCode(), "dev-1"))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.EXPIRED_TOKEN));
    }

    @Test
    void aDeniedOrExpiredCodeGivesNoToken() {
        DeviceCodeGrant grant = auth.deviceCodes();
        DeviceCodeGrant.Started denied = grant.start(client.clientId(), client.clientSecret(), "dev-1", null);
        assertThat(grant.deny(denied.userCode())).isTrue();
        assertThatThrownBy(() -> grant.poll(client.clientId(), client.clientSecret(), denied.deviceCode(), "dev-1"))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.ACCESS_DENIED));

        DeviceCodeGrant.Started late = grant.start(client.clientId(), client.clientSecret(), "dev-2", null);
        clock.advance(DeviceCodeGrant.DEFAULT_TTL.plus(Duration.ofSeconds(1)));
        assertThat(grant.pending(late.userCode())).isEmpty();
        assertThat(grant.approve(late.userCode(), alice)).isFalse();
        assertThatThrownBy(() -> grant.poll(client.clientId(), client.clientSecret(), late.deviceCode(), "dev-2"))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.EXPIRED_TOKEN));
        assertThat(grant.purgeExpired()).isEqualTo(2);
    }

    @Test
    void aWrongClientSecretStartsNothing() {
        assertThatThrownBy(() -> auth.deviceCodes().start(client.clientId(), "wrong", "dev-1", null))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT));
    }
}
