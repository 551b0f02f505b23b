package dev.opencic.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.server.store.Account;
import dev.opencic.server.store.Database;
import dev.opencic.server.store.JdbcClientRepository;
import dev.opencic.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Account and client administration without any HTTP server, as the admin commands use it. */
class AccountAndClientServiceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T00:00:00Z"));
    private Database db;
    private AuthModule auth;

    @BeforeEach
    void setUp() {
        db = Database.inMemory("accounts_" + UUID.randomUUID().toString().replace("-", ""));
        auth = AuthModule.builder(db).clock(clock).build();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void a_created_account_stores_an_argon2id_hash_and_can_log_in() {
        Account account = auth.accounts().createAccount("alice.b_c-1", "s3cret-pass".toCharArray());

        assertThat(account.passwordHash()).startsWith("$argon2id$").doesNotContain("s3cret-pass");
        AccountAccessToken token = auth.accounts().login("alice.b_c-1", "s3cret-pass".toCharArray());
        assertThat(token.accountId()).isEqualTo(account.accountId());
        assertThat(token.expiresInSeconds()).isEqualTo(3600);
        assertThat(token.toString()).doesNotContain(token.accessToken());
        assertThat(auth.accounts().authenticate(token.accessToken())).contains(account.accountId());
    }

    @Test
    void an_account_token_stops_authenticating_when_its_session_expires() {
        auth.accounts().createAccount("alice", "password1".toCharArray());
        AccountAccessToken token = auth.accounts().login("alice", "password1".toCharArray());

        clock.advance(Duration.ofHours(1));

        assertThat(auth.accounts().authenticate(token.accessToken())).isEmpty();
        assertThat(auth.purgeExpired()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "ümlaut", "semi;colon", "slash/name"})
    void usernames_outside_the_allowed_characters_are_refused_with_a_clear_message(String username) {
        assertThatThrownBy(() -> auth.accounts().createAccount(username, "password1".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("username");
    }

    @Test
    void a_username_of_64_characters_is_fine_and_65_is_too_long() {
        auth.accounts().createAccount("a".repeat(64), "password1".toCharArray());

        assertThatThrownBy(() -> auth.accounts().createAccount("b".repeat(65), "password1".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64");
    }

    @Test
    void a_password_shorter_than_8_characters_is_refused_with_a_clear_message() {
        assertThatThrownBy(() -> auth.accounts().createAccount("alice", "1234567".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("password must be at least 8 characters long");
        assertThat(auth.accounts().findByUsername("alice")).isEmpty();
    }

    @Test
    void a_duplicate_username_is_refused_with_a_clear_message() {
        auth.accounts().createAccount("alice", "password1".toCharArray());

        assertThatThrownBy(() -> auth.accounts().createAccount("alice", "password2".toCharArray()))
                .isInstanceOf(UsernameTakenException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("username 'alice' is already taken");
    }

    @Test
    void a_wrong_password_and_an_unknown_user_fail_identically() {
        auth.accounts().createAccount("alice", "password1".toCharArray());

        assertThatThrownBy(() -> auth.accounts().login("alice", "password2".toCharArray()))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.error()).isEqualTo(OAuthError.UNAUTHORIZED);
                    assertThat(e.description()).isEqualTo("invalid username or password");
                });
        assertThatThrownBy(() -> auth.accounts().login("bob", "password1".toCharArray()))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.error()).isEqualTo(OAuthError.UNAUTHORIZED);
                    assertThat(e.description()).isEqualTo("invalid username or password");
                });
    }

    @Test
    void an_unknown_user_costs_the_same_password_verification_as_a_known_one() {
        AtomicInteger verifications = new AtomicInteger();
        PasswordHasher counting = new PasswordHasher() {
            @Override
            public boolean verify(char[] password, String encodedHash) {
                verifications.incrementAndGet();
                return super.verify(password, encodedHash);
            }
        };
        AuthModule counted = AuthModule.builder(db).clock(clock).passwordHasher(counting).build();
        counted.accounts().createAccount("alice", "password1".toCharArray());

        assertThatThrownBy(() -> counted.accounts().login("alice", "password2".toCharArray()));
        assertThat(verifications.get()).isEqualTo(1);
        assertThatThrownBy(() -> counted.accounts().login("bob", "password1".toCharArray()));
        assertThat(verifications.get()).isEqualTo(2);
        assertThatThrownBy(() -> counted.accounts().login("not a valid name!", "password1".toCharArray()));
        assertThat(verifications.get()).isEqualTo(3);
    }

    @Test
    void a_created_client_keeps_only_the_digest_of_its_secret_and_authenticates_with_it() {
        ClientCredentials creds = auth.clients().createClient("Speaker app");

        assertThat(creds.clientSecret()).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
        assertThat(creds.toString()).doesNotContain(creds.clientSecret());
        String stored = new JdbcClientRepository(db.jdbi()).findById(creds.clientId())
                                                                  .orElseThrow().secretHash();
        assertThat(stored).isEqualTo(Secrets.sha256(creds.clientSecret())).isNotEqualTo(creds.clientSecret());
        assertThat(auth.clients().authenticate(creds.clientId(), creds.clientSecret()).name())
                .isEqualTo("Speaker app");
        assertThatThrownBy(() -> auth.clients().authenticate(creds.clientId(), "wrong"))
                .isInstanceOfSatisfying(OAuthException.class,
                                        e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT));
    }

    @Test
    void two_clients_get_different_ids_and_secrets() {
        ClientCredentials a = auth.clients().createClient("A");
        ClientCredentials b = auth.clients().createClient("A");

        assertThat(a.clientId()).isNotEqualTo(b.clientId());
        assertThat(a.clientSecret()).isNotEqualTo(b.clientSecret());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "tab\tname"})
    void a_blank_or_control_character_client_name_is_refused(String name) {
        assertThatThrownBy(() -> auth.clients().createClient(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client name");
    }
}
