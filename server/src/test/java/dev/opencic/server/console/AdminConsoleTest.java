package dev.opencic.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.sun.net.httpserver.HttpServer;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.admin.AdminClient;
import dev.opencic.server.admin.AdminResult;
import dev.opencic.server.auth.OAuthException;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Administration over plain HTTP against a real server: clients created, rotated (the old secret
 * refused at once, the devices' tokens kept) and deleted (its devices signed out, downchannel
 * closed); the administrator role granted and taken back, never from the last administrator; an
 * extension disabled and enabled for one account (the extension hears SkillDisabled/SkillEnabled);
 * the status page with the engines and the meters. Bad requests change nothing.
 */
class AdminConsoleTest {

    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension();

    private static final Pattern CLIENT_ID = Pattern.compile("id=\"new-client-id\">([^<]+)<");
    private static final Pattern CLIENT_SECRET = Pattern.compile("id=\"new-client-secret\">([^<]+)<");

    @BeforeAll
    static void aliceAdministers() {
        var roles = server.server().auth().roles();
        roles.grantAdmin(server.server().auth().accounts().findByUsername(CicServerExtension.USER).orElseThrow().accountId());
    }

    private static ConsoleHttp admin() {
        ConsoleHttp admin = new ConsoleHttp(server.baseUri());
        assertThat(admin.signIn(CicServerExtension.USER, CicServerExtension.PASSWORD).status().code()).isEqualTo(303);
        return admin;
    }

    @Test
    void aClientIsCreatedRotatedAndDeletedWithItsDevicesSignedOut() throws Exception {
        ConsoleHttp admin = admin();
        assertThat(admin.get("/console/admin/clients").status().code()).isEqualTo(200);
        AggregatedHttpResponse created = admin.post("/console/admin/clients", "name", "Hall <i>speaker</i>");
        assertThat(created.status().code()).isEqualTo(200);
        assertThat(created.contentUtf8()).contains("Hall &lt;i&gt;speaker&lt;/i&gt;").doesNotContain("<i>speaker");
        String clientId = group(CLIENT_ID, created);
        String secret = group(CLIENT_SECRET, created);
        assertThat(server.server().auth().clients().authenticate(clientId, secret).name()).isEqualTo("Hall <i>speaker</i>");

        TestDevice hall = deviceOf(clientId, secret, "hall-1");
        StreamedParts downchannel = hall.openDownchannel();
        assertThat(ping(hall)).isEqualTo(204);
        assertThat(admin.get("/console/admin/clients").contentUtf8())
                .containsPattern("data-client=\"" + clientId + "\">(?s:.)*?<td class=\"devices\">1</td>");

        AggregatedHttpResponse rotated = admin.post("/console/admin/clients/rotate", "client", clientId);
        assertThat(rotated.status().code()).isEqualTo(200);
        assertThat(rotated.contentUtf8()).contains("rotated");
        String newSecret = group(CLIENT_SECRET, rotated);
        assertThat(newSecret).isNotEqualTo(secret);
        // The old secret is refused for new token requests at once; the device keeps its token.
        assertThatThrownBy(() -> server.server().auth().clients().authenticate(clientId, secret))
                .isInstanceOf(OAuthException.class);
        assertThat(server.server().auth().clients().authenticate(clientId, newSecret)).isNotNull();
        assertThat(ping(hall)).isEqualTo(204);

        assertThat(admin.post("/console/admin/clients/rotate", "client", "no-such-client").status().code()).isEqualTo(404);
        assertThat(admin.post("/console/admin/clients/delete", "client", "no-such-client").status().code()).isEqualTo(404);
        assertThat(admin.post("/console/admin/clients/delete").status().code()).isEqualTo(400);

        AggregatedHttpResponse deleted = admin.post("/console/admin/clients/delete", "client", clientId);
        assertThat(deleted.status().code()).isEqualTo(303);
        assertThat(deleted.headers().get("location")).isEqualTo("/console/admin/clients?deleted=1");
        assertThat(admin.get("/console/admin/clients?deleted=1").contentUtf8())
                .contains("1 device was signed out").doesNotContain(clientId);
        assertThat(ping(hall)).isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> downchannel.whenEnded().isDone());
        assertThat(server.server().auth().clients().find(clientId)).isEmpty();
        hall.close();
    }

    @Test
    void theAdministratorRoleIsGivenAndTakenButNeverFromTheLastAdministrator() {
        var roles = server.server().auth().roles();
        var accounts = server.server().auth().accounts();
        accounts.createAccount("carol", "carol's long password".toCharArray());
        String carol = accounts.findByUsername("carol").orElseThrow().accountId();
        String alice = accounts.findByUsername(CicServerExtension.USER).orElseThrow().accountId();

        ConsoleHttp admin = admin();
        assertThat(admin.get("/console/admin/users").contentUtf8()).contains("data-user=\"carol\"");
        // alice is the only administrator: taking her role is refused, with the reason.
        AggregatedHttpResponse refused = admin.post("/console/admin/revoke-admin", "username", CicServerExtension.USER);
        assertThat(refused.status().code()).isEqualTo(409);
        assertThat(refused.contentUtf8()).contains("last administrator");
        assertThat(roles.isAdmin(alice)).isTrue();
        assertThat(admin.post("/console/admin/grant-admin", "username", "nobody").status().code()).isEqualTo(404);

        assertThat(admin.post("/console/admin/grant-admin", "username", "carol").headers().get("location"))
                .isEqualTo("/console/admin/users?done=granted");
        assertThat(roles.isAdmin(carol)).isTrue();
        ConsoleHttp carolsBrowser = new ConsoleHttp(server.baseUri());
        carolsBrowser.signIn("carol", "carol's long password");
        assertThat(carolsBrowser.get("/console/admin").status().code()).isEqualTo(200);

        // Two administrators: carol takes her own role back and lands on the console's home.
        assertThat(carolsBrowser.post("/console/admin/revoke-admin", "username", "carol").headers().get("location"))
                .isEqualTo("/console/");
        assertThat(roles.isAdmin(carol)).isFalse();
        assertThat(carolsBrowser.get("/console/admin/users").status().code()).isEqualTo(403);
        assertThat(roles.isAdmin(alice)).isTrue();
    }

    @Test
    void anExtensionIsDisabledAndEnabledForOneAccountAndHearsSo() throws Exception {
        List<JsonNode> heard = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/cek", exchange -> {
            try (exchange) {
                heard.add(MessageCodec.mapper().readTree(exchange.getRequestBody().readAllBytes()));
                byte[] body = """
                        {"version": "1.0", "sessionAttributes": {}, "response": {"outputSpeech": {"type": "SimpleSpeech",
                         "values": {"type": "PlainText", "lang": "en", "value": "ok"}}, "card": {}, "directives": [],
                         "shouldEndSession": true}}""".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        webhook.start();
        try {
            String model = """
                    {"invocation": "garden facts", "intents": [{"name": "Fact", "samples": ["a fact"]}]}""";
            AdminResult added = AdminClient.find(server.server().config().dataDir()).orElseThrow()
                    .run("extension-add", Map.of("name", "garden-facts", "url",
                            "http://127.0.0.1:" + webhook.getAddress().getPort() + "/cek", "model", model)).orElseThrow();
            assertThat(added.exitCode()).as(added.err()).isZero();
            server.server().auth().accounts().createAccount("dave", "dave's long password".toCharArray());

            ConsoleHttp admin = admin();
            String page = admin.get("/console/admin/extensions").contentUtf8();
            assertThat(page).contains("data-extension=\"garden-facts\"").contains("/cek").contains("garden facts");

            assertThat(admin.post("/console/admin/extensions/enabled", "extension", "garden-facts", "username", "dave",
                    "decision", "disable").status().code()).isEqualTo(303);
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);
            assertThat(heard.get(0).path("request").path("type").asText()).isEqualTo("EventRequest");
            assertThat(heard.get(0).path("request").path("event").path("name").asText()).isEqualTo("SkillDisabled");
            assertThat(admin.get("/console/admin/extensions").contentUtf8()).contains("<td class=\"disabled-for\">dave</td>");
            AdminResult listed = AdminClient.find(server.server().config().dataDir()).orElseThrow()
                    .run("extension-list", Map.of()).orElseThrow();
            assertThat(listed.out()).contains("disabled-for=1");

            // Refused before anything changes: unknown names, a decision that is neither.
            assertThat(admin.post("/console/admin/extensions/enabled", "extension", "nope", "username", "dave",
                    "decision", "enable").status().code()).isEqualTo(404);
            assertThat(admin.post("/console/admin/extensions/enabled", "extension", "garden-facts", "username", "nobody",
                    "decision", "enable").status().code()).isEqualTo(404);
            assertThat(admin.post("/console/admin/extensions/enabled", "extension", "garden-facts", "username", "dave",
                    "decision", "maybe").status().code()).isEqualTo(400);
            assertThat(admin.get("/console/admin/extensions").contentUtf8()).contains("<td class=\"disabled-for\">dave</td>");

            assertThat(admin.post("/console/admin/extensions/enabled", "extension", "garden-facts", "username", "dave",
                    "decision", "enable").status().code()).isEqualTo(303);
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 2);
            assertThat(heard.get(1).path("request").path("event").path("name").asText()).isEqualTo("SkillEnabled");
            assertThat(admin.get("/console/admin/extensions").contentUtf8()).contains("<td class=\"disabled-for\">nobody</td>");
        } finally {
            webhook.stop(0);
        }
    }

    @Test
    void theStatusPageShowsTheEnginesDevicesAndMeters() {
        ConsoleHttp admin = admin();
        AggregatedHttpResponse status = admin.get("/console/admin");
        assertThat(status.status().code()).isEqualTo(200);
        assertThat(status.contentUtf8()).contains("version").contains("uptime").contains("speech synthesis")
                .contains("speech recognition").contains("devices online").contains("requests")
                .contains("events answered").contains("requests shed").contains("id=\"admin-nav\"");
    }

    private static TestDevice deviceOf(String clientId, String secret, String deviceId) {
        var auth = server.server().auth();
        String account = auth.accounts().findByUsername(CicServerExtension.USER).orElseThrow().accountId();
        String code = auth.tokens().createAuthorizationCode(account, clientId, deviceId, null);
        String token = auth.tokens().exchangeCode(clientId, secret, code, deviceId, null).accessToken();
        return new TestDevice(server.h2cUri(), deviceId, token);
    }

    private static int ping(TestDevice device) {
        return device.client().execute(RequestHeaders.of(HttpMethod.GET, "/ping", "authorization",
                "Bearer " + device.accessToken())).aggregate().join().status().code();
    }

    private static String group(Pattern pattern, AggregatedHttpResponse res) {
        Matcher m = pattern.matcher(res.contentUtf8());
        assertThat(m.find()).as(res.contentUtf8()).isTrue();
        return m.group(1);
    }
}
