package dev.opencic.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageFormatException;
import dev.opencic.server.api.AttachmentSource;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * A {@link Reply} as it travels to the node holding the device: directives as their JSON, and each
 * attachment produced in full on the routing node (a reminder's speech is synthesised where the
 * reminder fired) and carried as base64. Pushes are small (a sentence of MP3 is a few kilobytes),
 * so one pub/sub message carries one reply.
 */
final class RoutedReplies {

    private RoutedReplies() {}

    /** Writes the reply's parts into {@code into.parts}; blocks while attachments are produced. */
    static void write(Reply reply, ObjectNode into) {
        ArrayNode parts = into.putArray("parts");
        for (Reply.Part p : reply.parts()) {
            if (p instanceof Reply.DirectivePart d) {
                try {
                    // {"directive": {header, payload}}, as MessageCodec.readDirective reads it back
                    parts.add(MessageCodec.mapper().readTree(MessageCodec.writeDirective(d.directive())));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (p instanceof Reply.AttachmentPart a) {
                parts.addObject().put("cid", a.contentId()).put("data", Base64.getEncoder().encodeToString(bytes(a)));
            }
        }
    }

    private static byte[] bytes(Reply.AttachmentPart a) {
        byte[] ready = a.source().ready();
        if (ready != null) {
            return ready;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            a.source().writeTo(out::writeBytes);
        } catch (Exception e) {
            throw new IllegalStateException("attachment " + a.contentId() + " could not be produced: " + e, e);
        }
        return out.toByteArray();
    }

    /** The reply {@link #write} wrote. */
    static Reply read(JsonNode message) throws MessageFormatException {
        Reply.Builder b = Reply.builder();
        for (JsonNode p : message.path("parts")) {
            if (p.has("directive")) {
                b.directive(MessageCodec.readDirective(MessageCodec.toBytes(p)));
            } else {
                byte[] data = Base64.getDecoder().decode(p.path("data").asText());
                AttachmentSource ready = new AttachmentSource() {
                    @Override
                    public void writeTo(java.util.function.Consumer<byte[]> sink) {
                        sink.accept(data);
                    }

                    @Override
                    public byte[] ready() {
                        return data;
                    }
                };
                b.attachment(p.path("cid").asText(), ready);
            }
        }
        return b.build();
    }

    static void writeDevice(DeviceIdentity device, ObjectNode into) {
        into.putObject("device").put("account", device.accountId()).put("client", device.clientId())
                .put("id", device.deviceId());
    }

    static DeviceIdentity readDevice(JsonNode message) {
        JsonNode d = message.path("device");
        return new DeviceIdentity(d.path("account").asText(), d.path("client").asText(), d.path("id").asText());
    }
}
