package dev.opencic.server.cli;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.auth.AuthModule;
import dev.opencic.server.cluster.AdminAnnouncements;
import dev.opencic.server.store.Database;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.TestCluster;
import dev.opencic.server.testing.TestDevice;
import dev.opencic.server.testing.TestPostgres;
import dev.opencic.server.testing.TestRedis;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's contract: {@code ./cic admin --set db-url=... --set redis-url=... COMMAND} run with no
 * server on its data directory changes the shared PostgreSQL database and announces what the nodes
 * cache through Redis, so every running node applies it at once (within a pub/sub hop, not a cache
 * lifetime). Two real nodes; the command runs in this JVM as {@code ./cic} would.
 */
class AdminCommandClusterTest {

    static final Duration AT_ONCE = Duration.ofSeconds(5);
    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    static TestCluster cluster;
    static HttpServer webhook;
    static final List<JsonNode> received = new CopyOnWriteArrayList<>();

    @TempDir
    Path adminDir;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start("admin_cli_cluster", 2, b -> b.asrPoolSize(0), s -> s.clock(clock));
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/cek", exchange -> {
            try (exchange) {
                received.add(MessageCodec.mapper().readTree(exchange.getRequestBody().readAllBytes()));
                byte[] body = """
                        {"version": "1.0", "sessionAttributes": {}, "response": {"outputSpeech": {"type": "SimpleSpeech",
                        "values": {"type": "PlainText", "lang": "en", "value": "Hello from the moon."}},
                        "card": {}, "directives": [], "shouldEndSession": true}}""".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        webhook.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    /** {@code ./cic admin --data-dir DIR --set db-url=... --set redis-url=... ARGS}, with no server on DIR. */
    CliRun admin(String... args) {
        TestPostgres pg = TestPostgres.get();
        List<String> all = new ArrayList<>(List.of("admin", "--data-dir", adminDir.toString(),
                "--set", "db-url=" + cluster.dbUrl(), "--set", "db-user=" + pg.user(),
                "--set", "db-password=" + pg.password(), "--set", "redis-url=" + TestRedis.get().url()));
        all.addAll(List.of(args));
        CliRun run = CliRun.run("", all.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isZero();
        return run;
    }

    /** One device: its token and downchannel through node 1, its requests through each node (index = node). */
    static TestDevice[] device() throws Exception {
        TestDevice one = cluster.node(1).newDevice();
        one.connect();
        return new TestDevice[] {null, one, new TestDevice(cluster.node(2).h2cUri(), one.deviceId(), one.accessToken())};
    }

    @Test
    void aTimeZoneSetByTheCommandLineIsUsedByBothNodesAtOnce() throws Exception {
        TestDevice[] through = device();
        try {
            // Both nodes have the device's zone (the server's, UTC) cached before the change.
            for (int n = 1; n <= 2; n++) {
                assertThat(words(say(through[n], "what time is it"))).isNotEqualTo("It's 6:00 PM.");
            }
            admin("user", "timezone", CicServerExtension.USER, "Asia/Tokyo", "--device", through[1].deviceId());
            // Online as the cluster's presence says, though no node runs on the command's data directory.
            assertThat(admin("device", "list", CicServerExtension.USER).out().lines()
                    .filter(line -> line.startsWith(through[1].deviceId() + "\t"))).singleElement().asString()
                    .endsWith("\tonline");
            for (int n = 1; n <= 2; n++) {
                TestDevice d = through[n];
                await().atMost(AT_ONCE).until(() -> words(say(d, "what time is it")), said -> said.equals("It's 6:00 PM."));
            }
        } finally {
            through[2].close();
            through[1].close();
        }
    }

    @Test
    void anExtensionAddedThenDisabledByTheCommandLineIsReloadedByBothNodesAndToldOnce() throws Exception {
        Path model = Files.writeString(adminDir.resolve("moon.json"),
                "{\"invocation\": \"moon base\", \"intents\": [{\"name\": \"Hello\", \"samples\": [\"say hello\"]}]}");
        String url = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/cek";
        admin("extension", "add", "moon-base", "--url", url, "--model", model.toString());
        TestDevice[] through = device();
        try {
            for (int n = 1; n <= 2; n++) {
                TestDevice d = through[n];
                await().atMost(AT_ONCE).until(() -> words(say(d, "open moon base")),
                        said -> said.equals("Hello from the moon."));
            }
            admin("extension", "disable", "moon-base", "--user", CicServerExtension.USER);
            await().atMost(AT_ONCE).until(() -> received.stream().filter(AdminCommandClusterTest::disabled).count() == 1);
            for (int n = 1; n <= 2; n++) {
                TestDevice d = through[n];
                await().atMost(AT_ONCE).until(() -> words(say(d, "open moon base")),
                        said -> !said.equals("Hello from the moon."));
            }
            assertThat(received.stream().filter(AdminCommandClusterTest::disabled).count())
                    .as("one node tells the extension").isEqualTo(1);
        } finally {
            through[2].close();
            through[1].close();
        }
    }

    @Test
    void aTokenRevokedByTheCommandLineIsRefusedByEveryNodeAndItsDownchannelClosed() throws Exception {
        TestDevice[] through = device();
        try {
            String token = through[1].accessToken();
            var identity = cluster.node(1).server().auth().tokens().verify(token).join().orElseThrow();
            for (int n = 1; n <= 2; n++) {
                // Both nodes have the token's answer cached, and node 2 knows the downchannel is on node 1.
                assertThat(cluster.node(n).server().auth().tokens().verify(token).join()).isPresent();
                assertThat(cluster.node(n).server().pusher().isOpen(identity)).isTrue();
            }
            // What a command that revokes (unlinking a device) does from the command line: its own auth on
            // the shared database, its revocations announced.
            try (AdminAnnouncements announcements = AdminAnnouncements.connect(TestRedis.get().url());
                 Database db = Database.open(cluster.node(1).server().config())) {
                AuthModule auth = AuthModule.builder(db).blockingExecutor(Runnable::run).build();
                announcements.announceRevocations(auth.tokens());
                assertThat(auth.tokens().unlinkDevice(identity.accountId(), identity.clientId(), identity.deviceId()))
                        .isEqualTo(1);
                assertThat(announcements.finish()).isNull();
            }
            for (int n = 1; n <= 2; n++) {
                int node = n;
                await().atMost(AT_ONCE).until(() -> cluster.node(node).server().auth().tokens().verify(token).join()
                        .isEmpty());
                await().atMost(AT_ONCE).until(() -> !cluster.node(node).server().pusher().isOpen(identity));
            }
        } finally {
            through[2].close();
            through[1].close();
        }
    }

    static boolean disabled(JsonNode request) {
        return request.path("request").path("event").path("name").asText().equals("SkillDisabled");
    }
}
