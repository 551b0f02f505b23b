package dev.opencic.server.console;

import com.linecorp.armeria.common.Cookie;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.server.auth.AccountRoles;
import dev.opencic.server.auth.AccountService;
import dev.opencic.server.auth.Secrets;
import java.time.Duration;
import java.util.Optional;

/**
 * Console sign-in state. The session is an account session of {@link AccountService} (the same table
 * as the API's account access tokens: stored server-side, as a digest, ended on sign-out or password
 * change); its token travels in an {@code HttpOnly}, {@code SameSite=Strict} cookie, {@code Secure}
 * on TLS. CSRF tokens: for a session, a digest of its token (unguessable without the cookie); before
 * sign-in (sign-in and first-run forms), a random value in a second cookie that the form must repeat.
 */
final class ConsoleSessions {

    static final String SESSION_COOKIE = "cic_session";
    static final String FORM_COOKIE = "cic_form";
    private static final int MAX_COOKIE_LENGTH = 256;

    private final AccountService accounts;
    private final AccountRoles roles;

    ConsoleSessions(AccountService accounts, AccountRoles roles) {
        this.accounts = accounts;
        this.roles = roles;
    }

    /** The signed-in person of this request, if its session cookie names a live session. Blocking. */
    Optional<ConsoleUser> user(RequestHeaders headers) {
        String token = cookie(headers, SESSION_COOKIE);
        if (token == null) {
            return Optional.empty();
        }
        return accounts.authenticate(token).flatMap(accountId -> roles.username(accountId)
                .map(name -> new ConsoleUser(accountId, name, roles.isAdmin(accountId), csrfOf(token))));
    }

    static String csrfOf(String sessionToken) {
        return Secrets.sha256("console-csrf:" + sessionToken);
    }

    static String cookie(RequestHeaders headers, String name) {
        for (Cookie c : headers.cookies()) {
            if (c.name().equals(name) && !c.value().isEmpty() && c.value().length() <= MAX_COOKIE_LENGTH) {
                return c.value();
            }
        }
        return null;
    }

    static String sessionCookie(String token, boolean tls, Duration maxAge) {
        return cookie(SESSION_COOKIE, token, tls, maxAge.toSeconds());
    }

    static String endedSessionCookie(boolean tls) {
        return cookie(SESSION_COOKIE, "", tls, 0);
    }

    static String formCookie(String value, boolean tls) {
        return cookie(FORM_COOKIE, value, tls, Duration.ofHours(12).toSeconds());
    }

    private static String cookie(String name, String value, boolean tls, long maxAgeSeconds) {
        return Cookie.secureBuilder(name, value).secure(tls).httpOnly(true).sameSite("Strict").path("/")
                .maxAge(maxAgeSeconds).build().toSetCookieHeader();
    }
}
