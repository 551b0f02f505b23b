package dev.opencic.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAnEventWithContextAsTheReferenceShowsIt() throws Exception {
        Event e = MessageCodec.readEvent(utf8("""
                {"context": [{"header": {"namespace": "Speaker", "name": "VolumeState"},
                              "payload": {"volume": 25, "muted": false}}],
                 "event": {"header": {"namespace": "SpeechRecognizer", "name": "Recognize",
                                      "messageId": "m1", "dialogRequestId": "d1"},
                           "payload": {"profile": "CLOSE_TALK"}}}"""));
        assertThat(e.header().qualifiedName()).isEqualTo("SpeechRecognizer.Recognize");
        assertThat(e.dialogRequestId()).isEqualTo("d1");
        assertThat(e.payload().get("profile").asText()).isEqualTo("CLOSE_TALK");
        assertThat(e.context("Speaker", "VolumeState").orElseThrow().payload().get("volume").asInt()).isEqualTo(25);
        assertThat(e.context("Clova", "Location")).isEmpty();
    }

    @Test
    void anEventRoundTripsThroughWriteAndRead() throws Exception {
        Event e = new Event(new Header("TextRecognizer", "Recognize", "m2", "d2"),
                MessageCodec.mapper().createObjectNode().put("text", "hi"), List.of());
        Event back = MessageCodec.readEvent(MessageCodec.writeEvent(e));
        assertThat(back).isEqualTo(e);
    }

    @Test
    void problemsNameTheField() {
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8("{")))
                .isInstanceOf(MessageFormatException.class).hasMessageStartingWith("metadata is not valid JSON");
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8("{} {}")))
                .hasMessageStartingWith("metadata is not valid JSON");
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8("\"text\"")))
                .hasMessage("metadata must be a JSON object");
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8("{\"event\": {\"payload\": {}}}")))
                .hasMessage("missing object field: event.header");
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8(
                "{\"event\": {\"header\": {\"namespace\": \"A\", \"name\": \"\", \"messageId\": \"m\"}}}")))
                .hasMessage("event.header.name must be a non-empty string");
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8(
                "{\"event\": {\"header\": {\"namespace\": \"A\", \"name\": \"B\", \"messageId\": \"m\"}, \"payload\": []}}")))
                .hasMessage("event.payload must be a JSON object");
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8(
                "{\"context\": {}, \"event\": {\"header\": {\"namespace\": \"A\", \"name\": \"B\", \"messageId\": \"m\"}}}")))
                .hasMessage("context must be a JSON array");
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8(
                "{\"context\": [{\"header\": {\"name\": \"X\"}}], \"event\": {\"header\": {\"namespace\": \"A\", \"name\": \"B\", \"messageId\": \"m\"}}}")))
                .hasMessage("missing field: context[0].header.namespace");
    }

    @Test
    void theStreamingReaderChecksTheWholeInputBeforeTheStructure() {
        // A structural problem early in the input does not hide malformed JSON later on.
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8("{\"event\": {\"payload\": {}}, \"context\": [")))
                .hasMessageStartingWith("metadata is not valid JSON");
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8("[1, 2")))
                .hasMessageStartingWith("metadata is not valid JSON");
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8("[1, 2]")))
                .hasMessage("metadata must be a JSON object");
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8("")))
                .hasMessage("metadata must be a JSON object");
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8("{\"event\": 3}")))
                .hasMessage("missing object field: event");
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8(
                "{\"event\": {\"header\": {\"namespace\": {\"x\": 1}, \"name\": \"B\", \"messageId\": \"m\"}}}")))
                .hasMessage("event.header.namespace must be a non-empty string");
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8(
                "{\"event\": {\"header\": {\"namespace\": \"A\", \"name\": \"B\", \"messageId\": \"m\", \"dialogRequestId\": 7}}}")))
                .hasMessage("event.header.dialogRequestId must be a string");
        assertThatThrownBy(() -> MessageCodec.readEvent(utf8(
                "{\"context\": [null], \"event\": {\"header\": {\"namespace\": \"A\", \"name\": \"B\", \"messageId\": \"m\"}}}")))
                .hasMessage("context[0] must be a JSON object");
    }

    @Test
    void unknownFieldsAreSkippedAndNullsMeanAbsent() throws Exception {
        Event e = MessageCodec.readEvent(utf8("""
                {"extra": {"deep": [1, {"x": [2]}]}, "context": null,
                 "event": {"more": [true], "header": {"namespace": "A", "name": "B", "messageId": "m",
                           "dialogRequestId": null, "other": {"y": 1}}, "payload": null}}"""));
        assertThat(e.header().qualifiedName()).isEqualTo("A.B");
        assertThat(e.dialogRequestId()).isNull();
        assertThat(e.payload().isEmpty()).isTrue();
        assertThat(e.context()).isEmpty();
        Event withContext = MessageCodec.readEvent(utf8("""
                {"event": {"header": {"namespace": "A", "name": "B", "messageId": "m"}, "payload": {"k": [1, 2]}},
                 "context": [{"header": {"namespace": "Speaker", "name": "VolumeState"}, "payload": {"volume": 5}},
                             {"header": {"namespace": "Device", "name": "DisplayState", "messageId": "c2"}}]}"""));
        assertThat(withContext.payload().get("k").get(1).asInt()).isEqualTo(2);
        assertThat(withContext.context()).hasSize(2);
        assertThat(withContext.context("Speaker", "VolumeState").orElseThrow().payload().get("volume").asInt()).isEqualTo(5);
        assertThat(withContext.context().get(1).payload().isEmpty()).isTrue();
    }

    @Test
    void systemExceptionCarriesTheStatusAsCode() throws Exception {
        JsonNode n = MessageCodec.mapper().readTree(MessageCodec.writeSystemException(400, "Could not decode multipart"));
        assertThat(n.at("/header/namespace").asText()).isEqualTo("System");
        assertThat(n.at("/header/name").asText()).isEqualTo("Exception");
        assertThat(n.at("/header/messageId").asText()).hasSize(36);
        assertThat(n.at("/header/dialogRequestId").isMissingNode()).isTrue();
        assertThat(n.at("/payload/code").asInt()).isEqualTo(400);
        assertThat(n.at("/payload/description").asText()).isEqualTo("Could not decode multipart");
    }

    @Test
    void aDirectiveIsWrappedAndRoundTrips() throws Exception {
        Directive d = Directive.of("d3", new dev.opencic.protocol.payload.Clova.RenderText("Nice to meet you."));
        byte[] json = MessageCodec.writeDirective(d);
        assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\"directive\":{\"header\":");
        assertThat(MessageCodec.readDirective(json)).isEqualTo(d);
    }

    @Test
    void payloadsAreTheTreesJacksonWouldBuild() throws Exception {
        String payload = "{\"s\":\"caf\\u00e9\",\"i\":7,\"neg\":-2147483649,\"big\":123456789012345678901234567890,"
                + "\"d\":1.5e3,\"f\":0.1,\"t\":true,\"n\":null,\"a\":[1,\"x\",[],{}],\"o\":{\"dup\":1,\"dup\":2},"
                + "\"deep\":{\"a\":{\"b\":[{\"c\":false}]}}}";
        String json = "{\"event\":{\"header\":{\"namespace\":\"N\",\"name\":\"E\",\"messageId\":\"m\"},"
                + "\"payload\":" + payload + "},\"context\":[{\"header\":{\"namespace\":\"C\",\"name\":\"S\"},"
                + "\"payload\":" + payload + "}]}";
        byte[] framed = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);

        Event event = MessageCodec.readEvent(framed, 2, framed.length - 4);

        JsonNode expected = MessageCodec.mapper().readTree(payload);
        assertThat(event.payload()).isEqualTo(expected);
        assertThat(event.context().get(0).payload()).isEqualTo(expected);
        assertThat(event.payload().get("neg").isLong()).isTrue();
        assertThat(event.payload().get("big").isBigInteger()).isTrue();
        assertThat(event.payload().get("d").isDouble()).isTrue();
        assertThat(event.payload().at("/o/dup").asInt()).isEqualTo(2);
    }
}
