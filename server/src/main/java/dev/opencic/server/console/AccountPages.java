package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import dev.opencic.server.auth.AccountAccessToken;
import dev.opencic.server.auth.AccountRoles;
import dev.opencic.server.auth.AccountService;
import dev.opencic.server.auth.AuthHttpServices;
import dev.opencic.server.auth.Secrets;
import dev.opencic.server.store.Account;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Signing in and out, the first-run page that makes the first administrator (open only while no
 * account exists, and only with the one-time setup code the server logged), and changing the password.
 */
final class AccountPages {

    private final ConsolePages pages;
    private final AccountService accounts;
    private final AccountRoles roles;
    private final AuthHttpServices logins;
    /** The one-time setup code while no account exists; null once used (or when accounts existed at start). */
    private final AtomicReference<String> setupCode;

    AccountPages(ConsolePages pages, AccountService accounts, AccountRoles roles, AuthHttpServices logins,
                 AtomicReference<String> setupCode) {
        this.pages = pages;
        this.accounts = accounts;
        this.roles = roles;
        this.logins = logins;
        this.setupCode = setupCode;
    }

    HttpResponse home(ConsoleRequest r) {
        if (r.user().isEmpty()) {
            return ConsolePages.redirect(roles.anyAccountExists() ? "/console/login" : "/console/setup");
        }
        return pages.page("home.jte", "user", r.signedIn());
    }

    HttpResponse login(ConsoleRequest r) {
        String next = safeNext(r.param("next"));
        if (!r.isPost()) {
            if (r.user().isPresent()) {
                return ConsolePages.redirect(next);
            }
            return pages.page("login.jte", "csrf", r.formCsrf(), "next", next, "username", null, "error", null);
        }
        String username = r.required("username", "The user name");
        char[] password = r.password("password");
        if (password == null) {
            throw new ConsoleException(400, "The password is missing.");
        }
        AccountAccessToken session;
        try {
            session = logins.throttledLogin(username, password, r.ctx().clientAddress());
        } catch (dev.opencic.server.auth.OAuthException e) {
            if (e.retryAfter() != null) {
                throw e;
            }
            return pages.page(HttpStatus.UNAUTHORIZED, "login.jte", List.of(), "csrf", r.formCsrf(), "next", next,
                    "username", username, "error", "Wrong user name or password.");
        } finally {
            Arrays.fill(password, '\0');
        }
        return signedIn(r, session, next);
    }

    HttpResponse logout(ConsoleRequest r) {
        accounts.endSession(ConsoleSessions.cookie(r.request().headers(), ConsoleSessions.SESSION_COOKIE));
        return ConsolePages.redirect("/console/login", List.of(ConsoleSessions.endedSessionCookie(r.tls())));
    }

    HttpResponse setup(ConsoleRequest r) {
        if (setupCode.get() == null || roles.anyAccountExists()) {
            throw new ConsoleException(404, "This server is already set up. Sign in instead.");
        }
        if (!r.isPost()) {
            return pages.page("setup.jte", "csrf", r.formCsrf(), "error", null);
        }
        String code = r.required("setup_code", "The setup code");
        String username = r.required("username", "The user name");
        char[] password = r.password("password");
        try {
            String expected = setupCode.get();
            if (expected == null || !Secrets.digestsEqual(Secrets.sha256(code), Secrets.sha256(expected))) {
                return pages.page(HttpStatus.FORBIDDEN, "setup.jte", List.of(), "csrf", r.formCsrf(),
                        "error", "That is not the setup code in the server's log.");
            }
            if (password == null) {
                throw new ConsoleException(400, "The password is missing.");
            }
            // One use: whoever takes the code first makes the administrator; a second submit finds it gone.
            if (!setupCode.compareAndSet(expected, null)) {
                throw new ConsoleException(404, "This server is already set up. Sign in instead.");
            }
            Account admin;
            try {
                admin = accounts.createAccount(username, password);
            } catch (IllegalArgumentException e) {
                setupCode.compareAndSet(null, expected); // nothing was made: the code still holds
                throw e;
            }
            roles.grantAdmin(admin.accountId());
            return signedIn(r, accounts.login(username, password), "/console/");
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    HttpResponse password(ConsoleRequest r) {
        ConsoleUser user = r.signedIn();
        if (!r.isPost()) {
            return pages.page("password.jte", "user", user, "error", null);
        }
        char[] current = r.password("current");
        char[] replacement = r.password("password");
        char[] repeated = r.password("repeat");
        try {
            if (current == null || replacement == null) {
                throw new ConsoleException(400, "Both the current and the new password are needed.");
            }
            if (repeated == null || !Arrays.equals(replacement, repeated)) {
                return pages.page(HttpStatus.BAD_REQUEST, "password.jte", List.of(), "user", user,
                        "error", "The new password and its repetition differ.");
            }
            try {
                accounts.changePassword(user.accountId(), current, replacement);
            } catch (dev.opencic.server.auth.OAuthException e) {
                return pages.page(HttpStatus.UNAUTHORIZED, "password.jte", List.of(), "user", user,
                        "error", "The current password is wrong.");
            }
            // Every session ended with the change; this browser gets a new one.
            return signedIn(r, accounts.login(user.username(), replacement), "/console/?password=changed");
        } finally {
            for (char[] p : new char[][] {current, replacement, repeated}) {
                if (p != null) {
                    Arrays.fill(p, '\0');
                }
            }
        }
    }

    private static HttpResponse signedIn(ConsoleRequest r, AccountAccessToken session, String next) {
        return ConsolePages.redirect(next, List.of(ConsoleSessions.sessionCookie(session.accessToken(), r.tls(),
                Duration.ofSeconds(session.expiresInSeconds()))));
    }

    /** Only a path of this console: never another site, never a scheme-relative {@code //host}. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/console/") || next.contains("//") || next.contains("\\")
            || next.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return "/console/";
        }
        return next;
    }
}
