package dev.opencic.server.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.server.admin.AdminClient;
import dev.opencic.server.admin.AdminResult;
import dev.opencic.server.skill.SkillTestSupport;
import dev.opencic.server.store.Database;
import dev.opencic.server.store.SharedSecrets;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestCluster;
import dev.opencic.server.testing.TestDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues 19 + 22: the nodes of a cluster sign extension requests with ONE key, kept in the shared
 * database, so an extension verifies every node with the public key it fetched from any of them.
 * Two real nodes on one PostgreSQL and Redis; a real extension (JDK HTTP server) gets a launch from
 * a device on each node and checks both signatures with node 1's public key.
 */
class ExtensionKeyClusterTest {

    static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start("extension_key", 2, b -> b.asrPoolSize(0), s -> {});
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static String publicKeyPem(CicServerExtension node) {
        return node.client().get(PlatformKey.PUBLIC_KEY_PATH).aggregate().join().contentUtf8();
    }

    static AdminResult admin(CicServerExtension node, String command, Map<String, ?> arguments) throws Exception {
        AdminResult result = AdminClient.find(node.server().config().dataDir()).orElseThrow()
                .run(command, arguments).orElseThrow();
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    @Test
    void everyNodeServesAndPrintsTheOneKeyOfTheSharedDatabaseAndNoNodeMakesAFileKey() throws Exception {
        String first = publicKeyPem(cluster.node(1));
        assertThat(first).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(publicKeyPem(cluster.node(2))).isEqualTo(first);
        // what `./cic admin extension key --set db-url=...` prints: its own connection to the database
        try (Database db = Database.open(cluster.node(2).server().config())) {
            assertThat(ExtensionAdmin.key(cluster.node(2).server().config(), db)).isEqualTo(first.strip());
        }
        for (int n = 1; n <= 2; n++) {
            assertThat(Files.exists(cluster.node(n).server().config().dataDir().resolve(PlatformKey.FILE))).isFalse();
        }
    }

    @Test
    void anExtensionVerifiesRequestsFromBothNodesWithTheKeyItFetchedFromOne() throws Exception {
        String pem = publicKeyPem(cluster.node(1));
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""))));
        try (TestWebhook webhook = new TestWebhook(key)) {
            String url = webhook.serve("/both", json ->
                    TestWebhook.Answer.json(TestWebhook.says("Hello from both nodes.", true, null)));
            String model = """
                    {"invocation": "both nodes", "intents": [{"name": "Hello", "samples": ["say hello"]}]}
                    """;
            admin(cluster.node(1), "extension-add", Map.of("name", "both-nodes", "url", url, "model", model));
            // run on node 2 too, so it has reloaded its registry before its device asks (no waiting on the announcement)
            admin(cluster.node(2), "extension-update", Map.of("name", "both-nodes", "url", url));

            for (int n = 1; n <= 2; n++) {
                try (TestDevice device = cluster.node(n).newDevice()) {
                    device.connect();
                    var parts = device.send("TextRecognizer", "Recognize", "d-node-" + n,
                            TestDevice.payload().put("text", "open both nodes"));
                    assertThat(parts.status()).isEqualTo(200);
                    List<TestWebhook.Received> received = webhook.at("/both");
                    assertThat(received).hasSize(n);
                    TestWebhook.Received launch = received.get(n - 1);
                    assertThat(launch.json().path("context").path("System").path("device").path("deviceId").asText())
                            .isEqualTo(device.deviceId());
                    assertThat(launch.signatureValid()).as("request from node %d verifies with node 1's key", n).isTrue();
                }
            }
        }
    }

    @Test
    void aSessionOpenedThroughNode1GoesOnThroughNode2WithItsIdAndAttributes() throws Exception {
        try (TestWebhook webhook = new TestWebhook(null)) {
            String url = webhook.serve("/session", json -> {
                boolean launch = json.path("request").path("type").asText().equals("LaunchRequest");
                ObjectNode attributes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        .put("turns", json.path("session").path("sessionAttributes").path("turns").asInt() + 1);
                return TestWebhook.Answer.json(launch ? TestWebhook.says("Which planet?", false, attributes)
                        : TestWebhook.says("Mars is red.", true, attributes));
            });
            String model = """
                    {"invocation": "planet guide", "intents": [{"name": "Planet", "samples": ["tell me about mars"]}]}
                    """;
            admin(cluster.node(1), "extension-add", Map.of("name", "planet-guide", "url", url, "model", model));
            admin(cluster.node(2), "extension-update", Map.of("name", "planet-guide", "url", url));

            TestDevice first = cluster.node(1).newDevice();
            try (first; TestDevice second = new TestDevice(cluster.node(2).h2cUri(), first.deviceId(),
                    first.accessToken())) {
                first.connect();
                var asked = first.send("TextRecognizer", "Recognize", "d-session",
                        TestDevice.payload().put("text", "open planet guide"));
                assertThat(SkillTestSupport.words(asked.directives())).isEqualTo("Which planet?");
                // The answer reaches node 2: the same extension, in the same session, with its attributes.
                var answered = second.send("TextRecognizer", "Recognize", "d-session",
                        TestDevice.payload().put("text", "tell me about mars"));
                assertThat(SkillTestSupport.words(answered.directives())).isEqualTo("Mars is red.");
                List<TestWebhook.Received> received = webhook.at("/session");
                assertThat(received).hasSize(2);
                ObjectNode launch = received.get(0).json();
                ObjectNode intent = received.get(1).json();
                assertThat(intent.path("request").path("type").asText()).isEqualTo("IntentRequest");
                assertThat(intent.path("request").path("intent").path("name").asText()).isEqualTo("Planet");
                assertThat(intent.path("session").path("sessionId").asText())
                        .isEqualTo(launch.path("session").path("sessionId").asText());
                assertThat(intent.path("session").path("new").asBoolean()).isFalse();
                assertThat(intent.path("session").path("sessionAttributes").path("turns").asInt()).isEqualTo(1);
            }
        }
    }

    @Test
    void theFirstNodeSeedsTheSharedKeyWithItsFileKeySoExtensionsKeepTheKeyTheyTrust(@TempDir Path first,
            @TempDir Path second) {
        PlatformKey fileKey = PlatformKey.loadOrCreate(first);
        try (Database db = Database.inMemory("extension_key_seed")) {
            PlatformKey node1 = PlatformKey.shared(new SharedSecrets(db.jdbi(), Clock.systemUTC()), first);
            PlatformKey node2 = PlatformKey.shared(new SharedSecrets(db.jdbi(), Clock.systemUTC()), second);
            assertThat(node1.publicKeyPem()).isEqualTo(fileKey.publicKeyPem());
            assertThat(node2.publicKeyPem()).isEqualTo(fileKey.publicKeyPem());
            assertThat(Files.exists(second.resolve(PlatformKey.FILE))).isFalse();
        }
    }
}
