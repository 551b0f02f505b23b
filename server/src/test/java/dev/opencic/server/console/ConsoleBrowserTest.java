package dev.opencic.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.server.CicServer;
import dev.opencic.server.auth.ClientCredentials;
import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.HeadlessBrowser;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console as a person uses it, in a real headless chromium against a real server (HTTP/1.1 and
 * h2 on its TLS port): first run creates the administrator with the logged setup code; sign out and
 * in; a device asks for a code over the API, the person enters it, sees the client and device and
 * approves; the device's polling gets a token that works on the CIC API. One server and browser for
 * the whole story (the steps build on each other); a screenshot of each page in target/console-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final String ADMIN = "ada";
    private static final String PASSWORD = "a long admin password";

    @TempDir
    static Path dataDir;
    private static CicServer server;
    private static HeadlessBrowser browser;
    private static String base;
    /** The device linked in step 3, connected for the later steps. */
    private static TestDevice kitchen;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessBrowser.start();
        server = CicServer.builder().config(ServerConfig.builder().dataDir(dataDir).bindAddress("127.0.0.1")
                .port(0).tlsPort(0).build()).build().start();
        base = "https://127.0.0.1:" + server.httpsPort();
    }

    @AfterAll
    static void stop() {
        if (kitchen != null) {
            kitchen.close();
        }
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void firstRunCreatesTheAdministratorWithTheLoggedSetupCode() {
        browser.open(base + "/console/");
        assertThat(browser.path()).isEqualTo("/console/setup");
        browser.screenshot("01-setup");

        browser.type("#setup-code", "not-the-code").type("#username", ADMIN).type("#password", PASSWORD)
               .click("#create-admin");
        assertThat(browser.text("#error")).contains("not the setup code");
        assertThat(server.auth().accounts().findByUsername(ADMIN)).isEmpty();

        String code = server.console().setupCode().orElseThrow();
        browser.type("#setup-code", code).type("#username", ADMIN).type("#password", PASSWORD).click("#create-admin");
        assertThat(browser.path()).isEqualTo("/console/");
        assertThat(browser.text("#welcome")).contains(ADMIN).contains("administrator");
        browser.screenshot("02-home-admin");
        assertThat(server.console().setupCode()).isEmpty();

        browser.open(base + "/console/setup");
        assertThat(browser.text("#error")).contains("already set up");
    }

    @Test
    @Order(2)
    void signOutAndSignInAgain() {
        browser.open(base + "/console/");
        browser.click("#sign-out");
        assertThat(browser.path()).isEqualTo("/console/login");
        browser.screenshot("03-sign-in");

        browser.type("#username", ADMIN).type("#password", "wrong password").click("#sign-in");
        assertThat(browser.text("#error")).isEqualTo("Wrong user name or password.");
        browser.screenshot("04-sign-in-failed");

        browser.type("#username", ADMIN).type("#password", PASSWORD).click("#sign-in");
        assertThat(browser.path()).isEqualTo("/console/");
        assertThat(browser.text("#welcome")).contains(ADMIN);
    }

    @Test
    @Order(3)
    void aDeviceIsLinkedWithTheCodeItShows() throws Exception {
        ClientCredentials client = server.auth().clients().createClient("Kitchen <b>Speaker</b> app");
        WebClient api = WebClient.builder("http://127.0.0.1:" + server.httpPort()).build();
        JsonNode started = post(api, "/device_authorization", "client_id", client.clientId(),
                "client_secret", client.clientSecret(), "device_id", "kitchen-1", "model_id", "cic-device");
        String userCode = started.get("user_code").asText();
        String deviceCode = started.get("device_code").asText();
        assertThat(started.get("verification_uri").asText()).endsWith("/console/device");

        String[] poll = {"grant_type", "urn:ietf:params:oauth:grant-type:device_code", "client_id", client.clientId(),
                "client_secret", client.clientSecret(), "device_id", "kitchen-1", "device_code", deviceCode};
        assertThat(error(api, "/token", poll)).isEqualTo("authorization_pending");

        browser.open(base + "/console/device");
        browser.screenshot("05-device-code");
        browser.type("#code", userCode.toLowerCase(java.util.Locale.ROOT)).click("#continue");
        // The client's name is shown as text, never as markup.
        assertThat(browser.text("#client-name")).isEqualTo("Kitchen <b>Speaker</b> app");
        assertThat(browser.text("#device-id")).isEqualTo("kitchen-1");
        browser.screenshot("06-device-approve");
        browser.click("#approve");
        assertThat(browser.text("#message")).contains("linked");

        JsonNode tokens = post(api, "/token", poll);
        assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
        AggregatedHttpResponse ping = api.prepare().get("/ping")
                .header("authorization", "Bearer " + tokens.get("access_token").asText()).execute().aggregate().join();
        assertThat(ping.status().code()).isEqualTo(204);
        // Redeemed once: the same device code gives nothing more.
        assertThat(error(api, "/token", poll)).isEqualTo("expired_token");
        kitchen = new TestDevice("h2c://127.0.0.1:" + server.httpPort(), "kitchen-1", tokens.get("access_token").asText());
    }

    @Test
    @Order(4)
    void theLinkedDeviceIsOnlineAndCanBeRenamedAndUnlinked() throws Exception {
        StreamedParts downchannel = kitchen.openDownchannel();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            browser.open(base + "/console/devices");
            return browser.text("tr[data-device='kitchen-1'] .online").equals("online");
        });
        browser.type("tr.actions input[name=name]", "Kitchen speaker").type("tr.actions input[name=room]", "kitchen")
               .click("tr.actions button.rename");
        assertThat(browser.text("#message")).contains("renamed");
        assertThat(browser.text("tr[data-device='kitchen-1'] .name")).isEqualTo("Kitchen speaker");
        assertThat(browser.text("tr[data-device='kitchen-1'] .room")).isEqualTo("kitchen");
        browser.screenshot("07-devices");

        // Its time zone, as `./cic admin user timezone --device` sets it; a zone that does not exist changes nothing.
        assertThat(browser.text("tr[data-device='kitchen-1'] .location")).isEqualTo("as the device reports");
        browser.type("tr.actions input[name=zone]", "Asia/Tokyo").click("tr.actions button.set-zone");
        assertThat(browser.text("#message")).contains("time zone was changed");
        assertThat(browser.text("tr[data-device='kitchen-1'] .zone")).isEqualTo("Asia/Tokyo");
        browser.type("tr.actions input[name=zone]", "Mars/Olympus_Mons").click("tr.actions button.set-zone");
        assertThat(browser.text("#error")).contains("Unknown time zone");
        browser.open(base + "/console/devices");
        assertThat(browser.text("tr[data-device='kitchen-1'] .zone")).isEqualTo("Asia/Tokyo");

        // Another account sees none of it, not even by posting the device id directly.
        server.auth().accounts().createAccount("bob", "bob's long password".toCharArray());
        ConsoleHttp bob = new ConsoleHttp(base);
        bob.signIn("bob", "bob's long password");
        assertThat(bob.get("/console/devices").contentUtf8()).doesNotContain("kitchen-1").contains("no-devices");
        assertThat(bob.post("/console/devices/unlink", "device", "kitchen-1").status().code()).isEqualTo(404);
        assertThat(bob.post("/console/devices/rename", "device", "kitchen-1", "name", "mine").status().code())
                .isEqualTo(404);
        assertThat(bob.post("/console/devices/timezone", "device", "kitchen-1", "zone", "UTC").status().code())
                .isEqualTo(404);
        browser.open(base + "/console/devices");
        assertThat(browser.text("tr[data-device='kitchen-1'] .zone")).isEqualTo("Asia/Tokyo");
        assertThat(ping(kitchen)).isEqualTo(204);

        browser.click("tr.actions button.unlink");
        assertThat(browser.text("#message")).contains("unlinked");
        assertThat(ping(kitchen)).isEqualTo(401);
        // Its downchannel is closed at once, not when its token would have expired.
        await().atMost(Duration.ofSeconds(10)).until(() -> downchannel.whenEnded().isDone());
    }

    @Test
    @Order(5)
    void authorizeOpenedInTheBrowserAsksForConsentAndShowsTheCode() {
        ClientCredentials client = server.auth().clients().createClient("TV app");
        browser.open(base + "/authorize?client_id=" + client.clientId()
                + "&device_id=tv-1&response_type=code&state=abc%3D%3D");
        assertThat(browser.path()).isEqualTo("/console/authorize");
        assertThat(browser.text("#device-id")).isEqualTo("tv-1");
        browser.screenshot("08-consent");
        browser.click("#approve");
        assertThat(browser.text("#state")).isEqualTo("abc==");
        String code = browser.text("#code");

        WebClient api = WebClient.builder("http://127.0.0.1:" + server.httpPort()).build();
        JsonNode tokens = post(api, "/token", "grant_type", "authorization_code", "client_id", client.clientId(),
                "client_secret", client.clientSecret(), "code", code, "device_id", "tv-1");
        assertThat(tokens.get("access_token").asText()).isNotBlank();
    }

    @Test
    @Order(6)
    void changingThePasswordKeepsThisBrowserSignedIn() {
        browser.open(base + "/console/password");
        browser.screenshot("09-password");
        browser.type("#current", PASSWORD).type("#password", "another long password")
               .type("#repeat", "another long password").click("#change-password");
        assertThat(browser.path()).isEqualTo("/console/");
        assertThat(server.auth().accounts().login(ADMIN, "another long password".toCharArray())).isNotNull();
    }

    @Test
    @Order(7)
    void administratorsManageClientsAndSeeTheServerOthersAreRefused() {
        browser.open(base + "/console/");
        browser.click("#admin-link");
        assertThat(browser.path()).isEqualTo("/console/admin");
        assertThat(browser.text("#status")).contains("uptime").contains("devices online").contains("requests");
        browser.screenshot("10-admin");

        browser.click("#admin-clients");
        assertThat(browser.path()).isEqualTo("/console/admin/clients");
        browser.screenshot("30-admin-clients"); // before a client is made: no secret in the picture
        browser.type("#client-name", "Living room TV").click("#create-client");
        String clientId = browser.text("#new-client-id");
        String secret = browser.text("#new-client-secret");
        assertThat(server.auth().clients().authenticate(clientId, secret).name()).isEqualTo("Living room TV");
        // Rotating asks first (console.js); the old secret is refused from then on.
        browser.driver().executeScript("window.confirm = () => true;");
        browser.click("tr[data-client='" + clientId + "'] button.rotate");
        String rotated = browser.text("#new-client-secret");
        assertThat(server.auth().clients().authenticate(clientId, rotated).clientId()).isEqualTo(clientId);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.auth().clients().authenticate(clientId, secret))
                .isInstanceOf(dev.opencic.server.auth.OAuthException.class);
        browser.driver().executeScript("window.confirm = () => true;");
        browser.click("tr[data-client='" + clientId + "'] button.delete");
        assertThat(browser.text("#message")).contains("deleted");
        assertThat(server.auth().clients().find(clientId)).isEmpty();

        ConsoleHttp bob = new ConsoleHttp(base);
        bob.signIn("bob", "bob's long password");
        assertThat(bob.get("/console/admin").status().code()).isEqualTo(403);
        assertThat(bob.get("/console/admin/users").status().code()).isEqualTo(403);
        assertThat(bob.post("/console/admin/clients", "name", "bob's client").status().code()).isEqualTo(403);
        assertThat(bob.post("/console/admin/grant-admin", "username", "bob").status().code()).isEqualTo(403);
        assertThat(bob.get("/console/").contentUtf8()).doesNotContain("admin-link");

        browser.click("#admin-users");
        assertThat(browser.text("tr[data-user='bob'] .role")).isEqualTo("user");
        browser.screenshot("31-admin-users");
        browser.click("tr[data-user='bob'] button.grant-admin");
        assertThat(browser.text("tr[data-user='bob'] .role")).isEqualTo("administrator");
        assertThat(bob.get("/console/admin").status().code()).isEqualTo(200);
        browser.click("tr[data-user='bob'] button.revoke-admin");
        assertThat(browser.text("tr[data-user='bob'] .role")).isEqualTo("user");
        // The last administrator keeps the role, and is told why.
        browser.click("tr[data-user='" + ADMIN + "'] button.revoke-admin");
        assertThat(browser.text("#error")).contains("last administrator");
    }

    @Test
    @Order(8)
    void administratorsSeeTheExtensionsAndTurnOneOffForAnAccount() throws Exception {
        String model = """
                {"invocation": "garden facts", "intents": [{"name": "Fact", "samples": ["a fact"]}]}""";
        // Nothing listens there: the extension is only listed (SkillDisabled to it fails, and is only logged).
        var added = dev.opencic.server.admin.AdminClient.find(dataDir).orElseThrow().run("extension-add",
                java.util.Map.of("name", "garden-facts", "url", "http://127.0.0.1:9/cek", "model", model)).orElseThrow();
        assertThat(added.exitCode()).as(added.err()).isZero();
        browser.open(base + "/console/admin/extensions");
        assertThat(browser.text("tr[data-extension='garden-facts'] .disabled-for")).isEqualTo("nobody");
        new org.openqa.selenium.support.ui.Select(browser.find("tr[data-extension='garden-facts'] select"))
                .selectByValue("bob");
        browser.click("tr[data-extension='garden-facts'] button.disable");
        assertThat(browser.text("tr[data-extension='garden-facts'] .disabled-for")).isEqualTo("bob");
        browser.screenshot("32-admin-extensions");
    }

    private static int ping(TestDevice device) {
        return device.client().execute(RequestHeaders.of(HttpMethod.GET, "/ping", "authorization",
                "Bearer " + device.accessToken())).aggregate().join().status().code();
    }

    /** The OAuth error code of a refused request (status 400). */
    private static String error(WebClient api, String path, String... form) throws Exception {
        AggregatedHttpResponse res = api.execute(RequestHeaders.of(HttpMethod.POST, path, "content-type",
                MediaType.FORM_DATA), CicServerExtension.form(form).toQueryString()).aggregate().join();
        assertThat(res.status().code()).isEqualTo(400);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(res.contentUtf8()).get("error").asText();
    }

    private static JsonNode post(WebClient api, String path, String... form) {
        return CicServerExtension.json(api.execute(RequestHeaders.of(HttpMethod.POST, path, "content-type",
                MediaType.FORM_DATA), CicServerExtension.form(form).toQueryString()).aggregate().join());
    }
}
