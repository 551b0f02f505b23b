package dev.opencic.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.MessageCodec;
import java.io.UncheckedIOException;

/** A received directive's payload as a JSON tree, for assertions on fields no payload record names. */
public final class PayloadJson {
    private PayloadJson() {}

    public static ObjectNode of(ReceivedDirective d) {
        try {
            return (ObjectNode) MessageCodec.mapper().readTree(d.payloadJson());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
