package dev.opencic.server.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.admin.AdminResult;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /extensions/NAME/push} over real HTTP/2: the extension's push secret, the user as the
 * extension knows it (its CEK userId), delivered as a pushed Speak and RenderText to the user's
 * online devices; every refusal a System.Exception JSON that pushes nothing; an account that turned
 * the extension off cannot be reached by it.
 */
class ExtensionPushTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0)
            .extensionTimeout(Duration.ofMillis(1500)));

    static TestWebhook webhook;

    @BeforeAll
    static void startWebhook() throws Exception {
        String pem = cic.client().get(PlatformKey.PUBLIC_KEY_PATH).aggregate().join().contentUtf8();
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""))));
        webhook = new TestWebhook(key);
    }

    @AfterAll
    static void stopWebhook() {
        webhook.close();
    }

    static AggregatedHttpResponse push(String name, String secret, String body) {
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/extensions/" + name + "/push")
                .contentType(MediaType.JSON_UTF_8).add("authorization", "Bearer " + secret).build();
        return cic.client().execute(headers, body).aggregate().join();
    }

    static String pushBody(String userId, String text) {
        return MessageCodec.mapper().createObjectNode().put("userId", userId).put("text", text).toString();
    }

    /** The userId the extension got in its requests from this device's account (it launches the extension). */
    static String userIdSeenBy(TestDevice device, String path, String invocation) throws Exception {
        int before = webhook.at(path).size();
        ExtensionDialogTest.say(device, "d-" + UUID.randomUUID(), "open " + invocation);
        return webhook.at(path).get(before).json().path("session").path("user").path("userId").asText();
    }

    static void assertRefused(AggregatedHttpResponse res, int status, String text) throws Exception {
        assertThat(res.status().code()).as(res.contentUtf8()).isEqualTo(status);
        JsonNode e = MessageCodec.mapper().readTree(res.contentUtf8());
        assertThat(e.at("/header/namespace").asText()).isEqualTo("System");
        assertThat(e.at("/header/name").asText()).isEqualTo("Exception");
        assertThat(e.at("/payload/code").asInt()).isEqualTo(status);
        assertThat(e.at("/payload/description").asText()).contains(text).doesNotContain("Exception:");
    }

    /** The next directive on the downchannel that is not a ping's or a heartbeat's. */
    static Directive next(StreamedParts down, String name) throws Exception {
        for (StreamedParts.Part p; (p = down.poll(Duration.ofSeconds(10))) != null; ) {
            if (p.isJson() && p.directive().name().equals(name)) {
                return p.directive();
            }
        }
        throw new AssertionError("no " + name + " on the downchannel");
    }

    @Test
    void anExtensionPushesToTheUsersDevicesAndEveryBadPushIsRefusedWithoutEffect() throws Exception {
        String url = webhook.serve("/parcel", json -> TestWebhook.Answer.json(TestWebhook.says("Parcel tracker.", true, null)));
        String secret = ExtensionDialogTest.cic_register(cic, "parcel", url,
                ExtensionDialogTest.MODEL.replace("space facts", "parcel tracker"));
        try (TestDevice device = cic.newDevice()) {
            StreamedParts down = device.connect();
            String userId = userIdSeenBy(device, "/parcel", "parcel tracker");

            assertRefused(push("parcel", "wrong-secret", pushBody(userId, "No.")), 401, "push secret");
            assertRefused(push("parcel", secret, "{not json"), 400, "not JSON");
            assertRefused(push("parcel", secret, "{\"userId\": \"" + userId + "\"}"), 400, "text");
            assertRefused(push("parcel", secret, pushBody(userId, "x".repeat(ExtensionPush.MAX_TEXT + 1))), 400,
                    "over");
            assertRefused(push("parcel", secret, pushBody(userId, "y".repeat(ExtensionPush.MAX_BODY))), 413, "over");
            assertRefused(push("no-such-extension", secret, pushBody(userId, "No.")), 404, "no extension");
            assertRefused(push("parcel", secret, pushBody("someone-else", "No.")), 404, "no user");

            AggregatedHttpResponse ok = push("parcel", secret, pushBody(userId, "Your parcel has arrived."));
            assertThat(ok.status().code()).as(ok.contentUtf8()).isEqualTo(202);
            assertThat(MessageCodec.mapper().readTree(ok.contentUtf8()).path("devices").asInt()).isEqualTo(1);
            // the first text pushed is the good one: none of the refused pushes reached the device
            assertThat(next(down, "RenderText").payload().path("text").asText()).isEqualTo("Your parcel has arrived.");
        }
    }

    @Test
    void anAccountThatTurnedTheExtensionOffCannotBePushedToNorReachItWhileAnotherCan() throws Exception {
        String url = webhook.serve("/club", json -> TestWebhook.Answer.json(TestWebhook.says("Book club.", true, null)));
        String secret = ExtensionDialogTest.cic_register(cic, "club", url,
                ExtensionDialogTest.MODEL.replace("space facts", "book club"));
        String carol = "carol-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestDevice alice = cic.newDevice(); TestDevice carols = cic.deviceOf(carol, "carol's long password", "carol-1")) {
            StreamedParts aliceDown = alice.connect();
            carols.connect();
            String carolsId = userIdSeenBy(carols, "/club", "book club");
            String alicesId = userIdSeenBy(alice, "/club", "book club");
            assertThat(carolsId).isNotEqualTo(alicesId);
            AdminResult disabled = dev.opencic.server.admin.AdminClient.find(cic.server().config().dataDir())
                    .orElseThrow().run("extension-disable", Map.of("name", "club", "user", carol)).orElseThrow();
            assertThat(disabled.exitCode()).as(disabled.err()).isZero();

            assertRefused(push("club", secret, pushBody(carolsId, "Meeting tonight.")), 403, "not enabled");
            assertThat(ExtensionDialogTest.shown(ExtensionDialogTest.say(carols, "d-carol", "open book club")))
                    .isNotEqualTo("Book club.");
            AggregatedHttpResponse ok = push("club", secret, pushBody(alicesId, "Meeting tonight."));
            assertThat(ok.status().code()).as(ok.contentUtf8()).isEqualTo(202);
            assertThat(next(aliceDown, "RenderText").payload().path("text").asText()).isEqualTo("Meeting tonight.");
        }
    }
}
