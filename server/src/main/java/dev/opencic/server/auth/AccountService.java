package dev.opencic.server.auth;

import dev.opencic.server.store.Account;
import dev.opencic.server.store.AccountRepository;
import dev.opencic.server.store.AccountSession;
import dev.opencic.server.store.AccountSessionRepository;
import dev.opencic.server.store.DuplicateKeyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User accounts: creation (also used by {@code cic admin user add}), password login, and checking the
 * account access token that /authorize takes. All methods block (database, argon2); call them off
 * the event loop.
 */
public final class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(1);
    public static final int MIN_PASSWORD_LENGTH = 8;
    /** Bounds the hashing work one request can ask for. */
    public static final int MAX_PASSWORD_LENGTH = 1024;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_TOKEN_LENGTH = 256;

    private final AccountRepository accounts;
    private final AccountSessionRepository sessions;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration sessionTtl;
    /** Checked against when the username is unknown, so both failures cost the same argon2 work. */
    private final String dummyHash;

    public AccountService(AccountRepository accounts, AccountSessionRepository sessions,
                          PasswordHasher hasher, Clock clock, Duration sessionTtl) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sessionTtl = requirePositive(sessionTtl, "sessionTtl");
        this.dummyHash = hasher.hash(Secrets.newSecret().toCharArray());
    }

    /**
     * Creates an account. The caller keeps ownership of {@code password} (this method does not clear it).
     *
     * @throws IllegalArgumentException if the username is not 1..64 characters of
     *         {@code [A-Za-z0-9._-]} or the password is shorter than 8 characters
     * @throws UsernameTakenException (an IllegalArgumentException) if the username exists
     */
    public Account createAccount(String username, char[] password) {
        validateUsername(username);
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(
                    "password must be at least " + MIN_PASSWORD_LENGTH + " characters long");
        }
        if (password.length > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(
                    "password must be at most " + MAX_PASSWORD_LENGTH + " characters long");
        }
        if (accounts.findByUsername(username).isPresent()) {
            throw new UsernameTakenException(username);
        }
        Account account = new Account(UUID.randomUUID().toString(), username, hasher.hash(password),
                                      clock.instant());
        try {
            accounts.insert(account);
        } catch (DuplicateKeyException e) {
            throw new UsernameTakenException(username); // lost a race with a concurrent create
        }
        log.info("Created account {} ({})", account.accountId(), username);
        return account;
    }

    /**
     * Checks the password and opens a session. An unknown username and a wrong password fail the same
     * way and take the same time.
     *
     * @throws OAuthException {@link OAuthError#UNAUTHORIZED} for bad credentials
     */
    public AccountAccessToken login(String username, char[] password) {
        boolean plausible = username != null && USERNAME.matcher(username).matches()
                            && password != null && password.length <= MAX_PASSWORD_LENGTH;
        Optional<Account> account = plausible ? accounts.findByUsername(username) : Optional.empty();
        char[] candidate = password != null && password.length <= MAX_PASSWORD_LENGTH ? password : new char[0];
        boolean ok;
        if (account.isPresent()) {
            ok = hasher.verify(candidate, account.get().passwordHash());
        } else {
            hasher.verify(candidate, dummyHash);
            ok = false;
        }
        if (!ok) {
            throw new OAuthException(OAuthError.UNAUTHORIZED, "invalid username or password");
        }
        String token = Secrets.newSecret();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(sessionTtl);
        sessions.insert(new AccountSession(Secrets.sha256(token), account.get().accountId(), expiresAt, now));
        return new AccountAccessToken(token, account.get().accountId(), expiresAt, sessionTtl.toSeconds());
    }

    /**
     * The guest account of one device of one client (guest mode), created on first use: its id
     * begins with {@link dev.opencic.server.api.DeviceIdentity#GUEST_PREFIX} and is derived from the
     * client and device, so the same device in guest mode keeps the same account; it has no
     * password (its stored hash matches none) and cannot log in.
     */
    public String guestAccount(String clientId, String deviceId) {
        String id = dev.opencic.server.api.DeviceIdentity.GUEST_PREFIX
                + Secrets.sha256(clientId + '\n' + deviceId).substring(0, 40);
        if (accounts.findById(id).isEmpty()) {
            try {
                accounts.insert(new Account(id, id, "!guest", clock.instant()));
                log.info("event=GuestAccountCreated account={}", id);
            } catch (DuplicateKeyException e) {
                // created by a concurrent request for the same device
            }
        }
        return id;
    }

    /** The account id an unexpired account access token belongs to, or empty. */
    public Optional<String> authenticate(String accountAccessToken) {
        if (accountAccessToken == null || accountAccessToken.isEmpty()
            || accountAccessToken.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return sessions.findByTokenHash(Secrets.sha256(accountAccessToken))
                       .filter(s -> now.isBefore(s.expiresAt()))
                       .map(AccountSession::accountId);
    }

    /** Ends the session of this account access token (sign out); unknown tokens are ignored. */
    public void endSession(String accountAccessToken) {
        if (accountAccessToken != null && !accountAccessToken.isEmpty()
            && accountAccessToken.length() <= MAX_TOKEN_LENGTH) {
            sessions.deleteByTokenHash(Secrets.sha256(accountAccessToken));
        }
    }

    /**
     * Replaces the password after checking the current one, and ends every session of the account
     * (whoever knew the old password is signed out everywhere).
     *
     * @throws OAuthException unauthorized when {@code current} is wrong
     * @throws IllegalArgumentException when {@code replacement} is too short or too long
     */
    public void changePassword(String accountId, char[] current, char[] replacement) {
        Account account = accounts.findById(accountId)
                .orElseThrow(() -> new OAuthException(OAuthError.UNAUTHORIZED, "no such account"));
        if (replacement == null || replacement.length < MIN_PASSWORD_LENGTH || replacement.length > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password must be " + MIN_PASSWORD_LENGTH + " to "
                    + MAX_PASSWORD_LENGTH + " characters long");
        }
        char[] candidate = current != null && current.length <= MAX_PASSWORD_LENGTH ? current : new char[0];
        if (!hasher.verify(candidate, account.passwordHash())) {
            throw new OAuthException(OAuthError.UNAUTHORIZED, "the current password is wrong");
        }
        accounts.updatePasswordHash(accountId, hasher.hash(replacement));
        sessions.deleteByAccount(accountId);
        log.info("Changed the password of account {}", accountId);
    }

    public Optional<Account> findByUsername(String username) {
        return accounts.findByUsername(username);
    }

    /** Deletes expired sessions; returns how many. */
    public int purgeExpiredSessions() {
        return sessions.deleteExpired(clock.instant());
    }

    static void validateUsername(String username) {
        if (username == null || username.isEmpty()) {
            throw new IllegalArgumentException("username must not be empty");
        }
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "username must be 1 to 64 characters of letters, digits, '.', '_' or '-'");
        }
        if (username.startsWith(dev.opencic.server.api.DeviceIdentity.GUEST_PREFIX)) {
            throw new IllegalArgumentException("usernames beginning with '"
                    + dev.opencic.server.api.DeviceIdentity.GUEST_PREFIX + "' are kept for guest mode");
        }
    }

    static Duration requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }
}
