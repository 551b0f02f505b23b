package dev.opencic.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.auth.AccountService;
import dev.opencic.server.auth.ClientService;
import dev.opencic.server.auth.OAuthException;
import dev.opencic.server.auth.PasswordHasher;
import dev.opencic.server.auth.TokenService;
import dev.opencic.server.store.Database;
import dev.opencic.server.store.JdbcAccountRepository;
import dev.opencic.server.store.JdbcAccountSessionRepository;
import dev.opencic.server.store.JdbcAuthorizationCodeRepository;
import dev.opencic.server.store.JdbcClientRepository;
import dev.opencic.server.store.JdbcDeviceTokenRepository;
import dev.opencic.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The browser device's tokens, on the server's clock: the console's client made on first use and
 * usable by nobody else, one device per account, a session's young token given back, a new one past
 * half its life or once the device was unlinked.
 */
class BrowserDevicesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private Database db;
    private ExecutorService blocking;
    private ClientService clients;
    private TokenService tokens;
    private BrowserDevices devices;
    private ConsoleUser ada;
    private ConsoleUser bob;

    @BeforeEach
    void setUp() {
        db = Database.inMemory("browser_" + UUID.randomUUID().toString().replace("-", ""));
        blocking = Executors.newFixedThreadPool(2);
        JdbcClientRepository clientRows = new JdbcClientRepository(db.jdbi());
        clients = new ClientService(clientRows, clock);
        tokens = new TokenService(new JdbcDeviceTokenRepository(db.jdbi()), new JdbcAuthorizationCodeRepository(db.jdbi()),
                clients, clock, Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofSeconds(5), blocking);
        AccountService accounts = new AccountService(new JdbcAccountRepository(db.jdbi()),
                new JdbcAccountSessionRepository(db.jdbi()), new PasswordHasher(), clock, Duration.ofHours(1));
        ada = new ConsoleUser(accounts.createAccount("ada", "password1".toCharArray()).accountId(), "ada", false,
                "ada-session-csrf");
        bob = new ConsoleUser(accounts.createAccount("bob", "password2".toCharArray()).accountId(), "bob", false,
                "bob-session-csrf");
        devices = new BrowserDevices(clientRows, tokens, clock);
    }

    @AfterEach
    void tearDown() {
        blocking.shutdownNow();
        db.close();
    }

    @Test
    void theFirstTokenMakesTheConsoleClientWhichNoSecretOpens() {
        assertThat(clients.find(BrowserDevices.CLIENT_ID)).isEmpty();
        BrowserDevices.BrowserToken token = devices.token(ada);

        assertThat(clients.find(BrowserDevices.CLIENT_ID).orElseThrow().name()).isEqualTo(BrowserDevices.CLIENT_NAME);
        assertThatThrownBy(() -> clients.authenticate(BrowserDevices.CLIENT_ID, "")).isInstanceOf(OAuthException.class);
        DeviceIdentity identity = tokens.verifyToken(token.accessToken()).join().orElseThrow().identity();
        assertThat(identity).isEqualTo(new DeviceIdentity(ada.accountId(), BrowserDevices.CLIENT_ID,
                BrowserDevices.deviceId(ada.accountId())));
        assertThat(token.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(token.toString()).doesNotContain(token.accessToken());
    }

    @Test
    void oneDevicePerAccountWhateverTheSession() {
        String first = devices.token(ada).deviceId();
        String again = devices.token(new ConsoleUser(ada.accountId(), "ada", false, "another-session")).deviceId();
        assertThat(again).isEqualTo(first).startsWith("browser-");
        assertThat(devices.token(bob).deviceId()).isNotEqualTo(first);
    }

    @Test
    void aSessionGetsItsYoungTokenBackAndANewOnePastHalfItsLife() {
        BrowserDevices.BrowserToken first = devices.token(ada);
        clock.advance(Duration.ofMinutes(29));
        assertThat(devices.token(ada).accessToken()).isEqualTo(first.accessToken());
        // Another session of the same account gets a token of its own.
        assertThat(devices.token(new ConsoleUser(ada.accountId(), "ada", false, "other")).accessToken())
                .isNotEqualTo(first.accessToken());

        clock.advance(Duration.ofMinutes(2));
        BrowserDevices.BrowserToken second = devices.token(ada);
        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(second.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        // The old one still works until it expires: the page moves over without a gap.
        assertThat(tokens.verifyToken(first.accessToken()).join()).isPresent();
    }

    @Test
    void afterUnlinkingTheSessionGetsANewTokenNotTheRevokedOne() {
        BrowserDevices.BrowserToken first = devices.token(ada);
        tokens.unlinkDevice(ada.accountId(), BrowserDevices.CLIENT_ID, first.deviceId());
        assertThat(tokens.verifyToken(first.accessToken()).join()).isEmpty();

        BrowserDevices.BrowserToken next = devices.token(ada);
        assertThat(next.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(tokens.verifyToken(next.accessToken()).join()).isPresent();
    }

    @Test
    void issuingForAnUnknownClientOrAnOverlongDeviceIdIsRefused() {
        assertThatThrownBy(() -> tokens.issueForSignedInAccount(ada.accountId(), "no-such-client", "d", null))
                .isInstanceOf(OAuthException.class).hasMessageContaining("unknown client_id");
        devices.token(ada); // makes the console's client
        assertThatThrownBy(() -> tokens.issueForSignedInAccount(ada.accountId(), BrowserDevices.CLIENT_ID,
                "d".repeat(TokenService.MAX_DEVICE_ID_LENGTH + 1), null)).isInstanceOf(OAuthException.class);
    }
}
