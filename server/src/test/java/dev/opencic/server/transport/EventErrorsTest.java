package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.ClientRequestContextCaptor;
import com.linecorp.armeria.client.Clients;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every malformed event gets the right status and a System.Exception, and the device's connection
 * keeps working afterwards.
 */
class EventErrorsTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.maxEventBytes(64 * 1024));

    static TestDevice device;
    static StreamedParts downchannel;

    @BeforeAll
    static void connect() throws Exception {
        device = cic.newDevice();
        downchannel = device.connect();
    }

    @AfterAll
    static void close() {
        device.close();
    }

    static final String FORM = "multipart/form-data; boundary=" + TestDevice.BOUNDARY;

    @Test
    void anUnreadableMultipartBodyIs400() throws Exception {
        assertRejected(device.sendRaw("this is not multipart at all".getBytes(StandardCharsets.UTF_8), FORM),
                400, "could not decode multipart");
    }

    @Test
    void aBodyCutOffBeforeItsClosingDelimiterIs400() throws Exception {
        byte[] full = TestDevice.multipartBody(TestDevice.BOUNDARY, textEvent("hello"), null);
        byte[] truncated = java.util.Arrays.copyOf(full, full.length - 40);
        assertRejected(device.sendRaw(truncated, FORM), 400, "could not decode multipart");
    }

    @Test
    void aContentTypeThatIsNotMultipartIs400() throws Exception {
        assertRejected(device.sendRaw(textEvent("hello"), "application/json"), 400, "multipart");
        assertRejected(device.sendRaw(textEvent("hello"), "multipart/form-data"), 400, "boundary");
    }

    @Test
    void aBodyWithoutMetadataPartIs400() throws Exception {
        String body = "--" + TestDevice.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"audio\"\r\n\r\n"
                + "abc\r\n--" + TestDevice.BOUNDARY + "--\r\n";
        assertRejected(device.sendRaw(body.getBytes(StandardCharsets.UTF_8), FORM), 400, "metadata");
        String empty = "--" + TestDevice.BOUNDARY + "--\r\n";
        assertRejected(device.sendRaw(empty.getBytes(StandardCharsets.UTF_8), FORM), 400, "missing metadata part");
    }

    @Test
    void invalidJsonIs400() throws Exception {
        assertRejected(device.send("{\"event\": {".getBytes(StandardCharsets.UTF_8)), 400, "not valid JSON");
        assertRejected(device.send("[1, 2]".getBytes(StandardCharsets.UTF_8)), 400, "JSON object");
    }

    @Test
    void missingHeaderFieldsAre400NamingTheField() throws Exception {
        assertRejected(device.send("{\"context\": [], \"event\": {\"payload\": {}}}".getBytes(StandardCharsets.UTF_8)),
                400, "event.header");
        String noName = "{\"event\": {\"header\": {\"namespace\": \"TextRecognizer\", \"messageId\": \"m1\"}, \"payload\": {}}}";
        assertRejected(device.send(noName.getBytes(StandardCharsets.UTF_8)), 400, "event.header.name");
        String noMessageId = "{\"event\": {\"header\": {\"namespace\": \"TextRecognizer\", \"name\": \"Recognize\"}, \"payload\": {}}}";
        assertRejected(device.send(noMessageId.getBytes(StandardCharsets.UTF_8)), 400, "event.header.messageId");
    }

    @Test
    void unknownNamespaceOrNameIs400() throws Exception {
        assertRejected(device.send("Teleporter", "Beam", "d1", TestDevice.payload()), 400, "unknown namespace: Teleporter");
        assertRejected(device.send("SpeechSynthesizer", "Sing", "d1", TestDevice.payload()), 400,
                "unknown event: SpeechSynthesizer.Sing");
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        byte[] big = new byte[80 * 1024];
        byte[] body = TestDevice.multipartBody(TestDevice.BOUNDARY,
                TestDevice.metadata("SpeechSynthesizer", "SpeechStarted", null, TestDevice.payload().put("token", "t")), big);
        assertRejected(device.sendRaw(body, FORM), 413, "exceeds");
    }

    @Test
    void anEventWithoutToken401AndWithoutDownchannel412() throws Exception {
        StreamedParts noToken = StreamedParts.read(device.client().post("/v1/events",
                TestDevice.multipartBody(TestDevice.BOUNDARY, textEvent("hi"), null)));
        assertThat(noToken.status()).isEqualTo(401);
        try (TestDevice other = cic.newDevice()) {
            assertRejected(other.send(textEvent("hi")), 412, "downchannel");
        }
    }

    @Test
    void theServerKeepsServingTheSameConnectionAfterBadRequests() throws Exception {
        List<Channel> channels = new ArrayList<>();
        List<byte[]> bad = List.of("garbage".getBytes(StandardCharsets.UTF_8),
                TestDevice.multipartBody(TestDevice.BOUNDARY, "{oops".getBytes(StandardCharsets.UTF_8), null),
                TestDevice.multipartBody(TestDevice.BOUNDARY, new byte[0], new byte[100 * 1024]));
        for (byte[] body : bad) {
            try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
                StreamedParts res = device.sendRaw(body, FORM);
                assertThat(res.status()).isIn(400, 413);
                ClientRequestContext ctx = captor.get();
                channels.add(ctx.log().whenAvailable(com.linecorp.armeria.common.logging.RequestLogProperty.SESSION)
                        .join().channel());
            }
        }
        try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
            StreamedParts ok = device.send("SpeechSynthesizer", "SpeechStarted", null,
                    TestDevice.payload().put("token", "unknown-token"));
            assertThat(ok.status()).isEqualTo(204);
            channels.add(captor.get().log().whenAvailable(com.linecorp.armeria.common.logging.RequestLogProperty.SESSION)
                    .join().channel());
        }
        assertThat(channels).allSatisfy(c -> assertThat(c).isSameAs(channels.get(0)));
        assertThat(channels.get(0).isActive()).isTrue();
        assertThat(downchannel.whenEnded()).isNotDone();
    }

    static byte[] textEvent(String text) {
        return TestDevice.metadata("TextRecognizer", "Recognize", "dialog-1", TestDevice.payload().put("text", text));
    }

    static void assertRejected(StreamedParts res, int status, String descriptionPart) throws Exception {
        assertThat(res.status()).isEqualTo(status);
        assertThat(res.headers().get("content-type")).startsWith("multipart/related");
        JsonNode exception = Json.of(res.next());
        assertThat(exception.at("/header/namespace").asText()).isEqualTo("System");
        assertThat(exception.at("/header/name").asText()).isEqualTo("Exception");
        assertThat(exception.at("/header/messageId").asText()).isNotBlank();
        assertThat(exception.at("/payload/code").asInt()).isEqualTo(status);
        assertThat(exception.at("/payload/description").asText()).contains(descriptionPart)
                .doesNotContain("Exception:").doesNotContain("\tat ");
    }
}
