package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.HeadlessBrowser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code login --browser} (issue 23's stable contract): one line {@code Open URL and enter CODE} on
 * stdout, then waiting; exit 0 once the code is approved (the device then works), 3 when it is
 * denied. The approval is the console's own call (the console page itself is driven in a browser
 * by the server's ConsoleBrowserTest).
 */
class BrowserLoginCliTest {

    private static final Pattern PROMPT = Pattern.compile("^Open (\\S+) and enter ([A-Z]{4}-[A-Z]{4})\\n$");

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    @TempDir
    Path tmp;

    @Test
    void anApprovedCodeLogsTheDeviceInWithoutAPassword() throws Exception {
        Path dir = tmp.resolve("speaker");
        Cli.Capture capture = new Cli.Capture();
        CompletableFuture<Cli.Result> login = CompletableFuture.supplyAsync(() -> Cli.run(capture, "",
                "--config-dir", dir.toString(), "login", "--browser", "--server", cic.baseUri(),
                "--client-id", cic.clientId(), "--client-secret", cic.clientSecret()));

        String code = awaitPrompt(capture, cic.baseUri() + "/console/device");
        assertThat(login).isNotDone();
        String alice = cic.server().auth().accounts().findByUsername(CicServerExtension.USER).orElseThrow().accountId();
        assertThat(cic.server().auth().deviceCodes().approve(code, alice)).isTrue();

        Cli.Result result = login.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).hasLineCount(1);
        Cli.Result say = Cli.run("", "--config-dir", dir.toString(), "say", "hello", "--json");
        assertThat(say.exitCode()).as(say.toString()).isZero();
        assertThat(say.directives("Clova.RenderText")).hasSize(1);
    }

    /** The whole story as a person lives it: the code the CLI printed, typed into the console in a real browser. */
    @Test
    void theCodeTheCliPrintsIsApprovedInTheConsoleInABrowser() throws Exception {
        Path dir = tmp.resolve("browser");
        Cli.Capture capture = new Cli.Capture();
        CompletableFuture<Cli.Result> login = CompletableFuture.supplyAsync(() -> Cli.run(capture, "",
                "--config-dir", dir.toString(), "login", "--browser", "--server", cic.baseUri(),
                "--client-id", cic.clientId(), "--client-secret", cic.clientSecret()));
        String code = awaitPrompt(capture, cic.baseUri() + "/console/device");
        String url = cic.baseUri() + "/console/device";

        try (HeadlessBrowser browser = HeadlessBrowser.start()) {
            browser.open(url);
            // Signed out: the sign-in page first, then back to the device page.
            browser.type("#username", CicServerExtension.USER).type("#password", CicServerExtension.PASSWORD)
                   .click("#sign-in");
            assertThat(browser.path()).isEqualTo("/console/device");
            browser.type("#code", code).click("#continue");
            assertThat(browser.text("#client-name")).isEqualTo("test-speaker");
            browser.click("#approve");
            assertThat(browser.text("#message")).contains("linked");
        }

        Cli.Result result = login.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Cli.Result say = Cli.run("", "--config-dir", dir.toString(), "say", "hello", "--json");
        assertThat(say.exitCode()).as(say.toString()).isZero();
    }

    @Test
    void overHttpsTheServersCertificateIsTrustedFromCaCert() throws Exception {
        Path pem = cic.server().config().dataDir().resolve("tls/self-signed-cert.pem");
        String https = "https://localhost:" + cic.server().httpsPort();
        Cli.Capture capture = new Cli.Capture();
        CompletableFuture<Cli.Result> login = CompletableFuture.supplyAsync(() -> Cli.run(capture, "",
                "--config-dir", tmp.resolve("tls").toString(), "login", "--browser", "--server", https,
                "--ca-cert", pem.toString(), "--client-id", cic.clientId(), "--client-secret", cic.clientSecret()));

        String code = awaitPrompt(capture, https + "/console/device");
        String alice = cic.server().auth().accounts().findByUsername(CicServerExtension.USER).orElseThrow().accountId();
        assertThat(cic.server().auth().deviceCodes().approve(code, alice)).isTrue();
        Cli.Result result = login.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    @Test
    void aDeniedCodeEndsWithExit3() throws Exception {
        Cli.Capture capture = new Cli.Capture();
        CompletableFuture<Cli.Result> login = CompletableFuture.supplyAsync(() -> Cli.run(capture, "",
                "--config-dir", tmp.resolve("denied").toString(), "login", "--browser", "--server", cic.baseUri(),
                "--client-id", cic.clientId(), "--client-secret", cic.clientSecret()));

        String code = awaitPrompt(capture, cic.baseUri() + "/console/device");
        assertThat(cic.server().auth().deviceCodes().deny(code)).isTrue();

        Cli.Result result = login.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).contains("denied").hasLineCount(1);
    }

    @Test
    void aWrongClientSecretIsRefusedAtOnceWithExit3() {
        Cli.Result result = Cli.run("", "--config-dir", tmp.resolve("bad").toString(), "login", "--browser",
                "--server", cic.baseUri(), "--client-id", cic.clientId(), "--client-secret", "wrong");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
    }

    private static String awaitPrompt(Cli.Capture capture, String url) {
        await().atMost(Duration.ofSeconds(20)).until(() -> capture.out.toString().endsWith("\n"));
        Matcher m = PROMPT.matcher(capture.out.toString());
        assertThat(m.matches()).as(capture.out.toString()).isTrue();
        assertThat(m.group(1)).isEqualTo(url);
        return m.group(2);
    }
}
