package dev.opencic.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.Cookie;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a browser does not show: the console's headers and cookie attributes, forged and cross-site
 * forms refused with nothing changed, redirects that stay on the console, escaping, the setup page
 * closed once an account exists, and sign-in failures counted with the API's.
 */
class ConsoleSecurityTest {

    /** Held still, so a throttled account stays throttled however slowly the machine hashes. */
    static final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension(config -> { }, builder -> builder.clock(clock));

    private ConsoleHttp tls() {
        return new ConsoleHttp("https://127.0.0.1:" + server.server().httpsPort());
    }

    private ConsoleHttp cleartext() {
        return new ConsoleHttp(server.baseUri());
    }

    @Test
    void pagesCarryTheContentSecurityPolicyAndNoInlineScript() {
        AggregatedHttpResponse page = cleartext().get("/console/login");
        assertThat(page.status().code()).isEqualTo(200);
        String csp = page.headers().get("content-security-policy");
        assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(page.headers().get("x-content-type-options")).isEqualTo("nosniff");
        assertThat(page.headers().get("cache-control")).isEqualTo("no-store");
        assertThat(page.contentUtf8()).doesNotContain("<script>").contains("<script src=\"/console/static/console.js\"");
        assertThat(cleartext().get("/console/static/console.js").status().code()).isEqualTo(200);
        assertThat(cleartext().get("/console/static/console.css").headers().get("content-security-policy")).isNotNull();
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndSecureOnTls() {
        ConsoleHttp browser = tls();
        AggregatedHttpResponse signedIn = browser.signIn(CicServerExtension.USER, CicServerExtension.PASSWORD);
        assertThat(signedIn.status().code()).isEqualTo(303);
        Cookie session = cookie(signedIn, ConsoleSessions.SESSION_COOKIE);
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.isSecure()).isTrue();
        assertThat(session.sameSite()).isEqualTo("Strict");
        assertThat(browser.get("/console/").contentUtf8()).contains("Signed in as");

        ConsoleHttp plain = cleartext();
        Cookie overHttp = cookie(plain.signIn(CicServerExtension.USER, CicServerExtension.PASSWORD),
                ConsoleSessions.SESSION_COOKIE);
        assertThat(overHttp.isSecure()).isFalse();
        assertThat(overHttp.isHttpOnly()).isTrue();
    }

    @Test
    void aFormWithoutTheRightCsrfTokenChangesNothing() {
        ConsoleHttp stranger = cleartext();
        stranger.get("/console/login");
        AggregatedHttpResponse forged = stranger.post("/console/login", "csrf", "forged",
                "username", CicServerExtension.USER, "password", CicServerExtension.PASSWORD);
        assertThat(forged.status().code()).isEqualTo(403);
        assertThat(stranger.cookie(ConsoleSessions.SESSION_COOKIE)).isNull();

        var client = server.server().auth().deviceCodes().start(server.clientId(), server.clientSecret(), "csrf-device", null);
        ConsoleHttp person = cleartext();
        person.signIn(CicServerExtension.USER, CicServerExtension.PASSWORD);
        AggregatedHttpResponse approve = person.post("/console/device", "csrf", "not-mine",
                "code", client.userCode(), "decision", "approve");
        assertThat(approve.status().code()).isEqualTo(403);
        assertThat(server.server().auth().deviceCodes().pending(client.userCode())).isPresent();
        // The sign-out form too: a cross-site post does not sign anyone out.
        assertThat(person.post("/console/logout", "csrf", "x").status().code()).isEqualTo(403);
        assertThat(person.get("/console/").contentUtf8()).contains("Signed in as");
    }

    @Test
    void signedOutPagesSendToSignInAndComeBackOnlyToTheConsole() {
        ConsoleHttp visitor = cleartext();
        AggregatedHttpResponse device = visitor.get("/console/device?code=BCDF-GHJK");
        assertThat(device.status().code()).isEqualTo(303);
        assertThat(device.headers().get("location")).isEqualTo("/console/login?next=%2Fconsole%2Fdevice%3Fcode%3DBCDF-GHJK");
        // A forged post is refused before anything else; a genuine one from a signed-out browser asks to sign in.
        assertThat(visitor.post("/console/password", "current", "x").status().code()).isEqualTo(403);
        visitor.get("/console/login");
        assertThat(visitor.post("/console/password", "current", "x").status().code()).isEqualTo(401);

        for (String next : Set.of("//evil.example/", "https://evil.example/", "/console//evil.example", "/other")) {
            ConsoleHttp v = cleartext();
            v.get("/console/login");
            AggregatedHttpResponse in = v.post("/console/login", "next", next,
                    "username", CicServerExtension.USER, "password", CicServerExtension.PASSWORD);
            assertThat(in.headers().get("location")).as(next).isEqualTo("/console/");
        }
    }

    @Test
    void theSetupPageIsClosedOnceAnAccountExists() {
        ConsoleHttp visitor = cleartext();
        assertThat(visitor.get("/console/setup").status().code()).isEqualTo(404);
        visitor.get("/console/login"); // a page with a form: its CSRF token, so the post below reaches the check
        assertThat(visitor.post("/console/setup", "setup_code", "x", "username", "mallory", "password", "12345678")
                .status().code()).isEqualTo(404);
        assertThat(server.server().auth().accounts().findByUsername("mallory")).isEmpty();
        assertThat(server.server().console().setupCode()).isEmpty();
    }

    @Test
    void userInputIsEscaped() {
        ConsoleHttp visitor = cleartext();
        visitor.get("/console/login");
        AggregatedHttpResponse failed = visitor.post("/console/login", "username", "<script>alert(1)</script>",
                "password", "whatever");
        assertThat(failed.status().code()).isEqualTo(401);
        // In an attribute value '<' and '"' are what must not pass (jte escapes for where the value stands).
        assertThat(failed.contentUtf8()).doesNotContain("<script>alert")
                .contains("value=\"&lt;script>alert(1)&lt;/script>\"");
    }

    @Test
    void failedSignInsCountWithTheApiLogins() {
        server.server().auth().accounts().createAccount("throttled", "a good password".toCharArray());
        for (int i = 0; i < 5; i++) {
            ConsoleHttp v = cleartext();
            assertThat(v.signIn("throttled", "wrong password " + i).status().code()).isEqualTo(401);
        }
        // The API's /accounts/login now waits too, and the console with the right password as well.
        var api = server.client().execute(com.linecorp.armeria.common.RequestHeaders.of(
                        com.linecorp.armeria.common.HttpMethod.POST, "/accounts/login", "content-type",
                        com.linecorp.armeria.common.MediaType.FORM_DATA),
                CicServerExtension.form("username", "throttled", "password", "a good password").toQueryString())
                .aggregate().join();
        assertThat(api.status().code()).isEqualTo(429);
        AggregatedHttpResponse console = cleartext().signIn("throttled", "a good password");
        assertThat(console.status().code()).isEqualTo(429);
        assertThat(console.headers().get("retry-after")).isNotNull();
    }

    private static Cookie cookie(AggregatedHttpResponse res, String name) {
        return res.headers().cookies().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
