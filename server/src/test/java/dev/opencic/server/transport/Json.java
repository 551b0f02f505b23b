package dev.opencic.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.testing.StreamedParts;

final class Json {
    private Json() {}

    static JsonNode of(StreamedParts.Part part) {
        try {
            return MessageCodec.mapper().readTree(part.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + part.text(), e);
        }
    }
}
