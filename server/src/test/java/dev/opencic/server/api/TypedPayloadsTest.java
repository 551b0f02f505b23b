package dev.opencic.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Events are read as typed records over real HTTP/2: a field of the wrong JSON type is a {@code 400}
 * whose {@code System.Exception} names the field and the type it needs, and changes nothing.
 */
class TypedPayloadsTest {

    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension();

    static TestDevice device;

    @BeforeAll
    static void connect() throws Exception {
        device = server.newDevice();
        device.connect();
    }

    @AfterAll
    static void close() {
        device.close();
    }

    static ObjectNode json(String text) throws Exception {
        return (ObjectNode) MessageCodec.mapper().readTree(text);
    }

    @ParameterizedTest(name = "{0}.{1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            TextRecognizer    | Recognize       | {"text":5}                                   | payload.text must be a string
            SpeechSynthesizer | SpeechStarted   | {"token":true}                               | payload.token must be a string
            SpeechSynthesizer | Request         | {"text":"hi","lang":["en"]}                  | payload.lang must be a string
            Memo              | Created         | {"id":"m1","content":{"text":"milk"}}        | payload.content must be a string
            Reminder          | Updated         | {"id":"r1","content":"call","done":"yes"}    | payload.done must be true or false
            AudioPlayer       | StreamRequested | {"audioItemId":"i","audioStream":{"token":5}} | payload.audioStream.token must be a string
            Alerts            | AlertStarted    | {"token":"t","type":3}                       | payload.type must be a string
            """)
    void aFieldOfTheWrongTypeIsABadRequestNamingIt(String namespace, String name, String payload, String description)
            throws Exception {
        StreamedParts res = device.send(namespace, name, MessageIds.newId(), json(payload));

        assertThat(res.status()).isEqualTo(400);
        JsonNode exception = MessageCodec.mapper().readTree(res.next().body());
        assertThat(exception.at("/header/namespace").asText()).isEqualTo("System");
        assertThat(exception.at("/header/name").asText()).isEqualTo("Exception");
        assertThat(exception.at("/payload/description").asText())
                .isEqualTo(namespace + "." + name + ": " + description).doesNotContain("\tat ");
    }

    @Test
    void aRejectedEditChangesNothing() throws Exception {
        String id = "typed-" + MessageIds.newId();
        assertThat(device.send("Memo", "Created", MessageIds.newId(), json("{\"id\":\"" + id + "\",\"content\":7}"))
                .status()).isEqualTo(400);

        StreamedParts list = device.send("Memo", "Get", MessageIds.newId(), TestDevice.payload());
        assertThat(list.status()).isEqualTo(200);
        assertThat(new String(list.next().body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("RenderMemoList").doesNotContain(id);
    }
}
