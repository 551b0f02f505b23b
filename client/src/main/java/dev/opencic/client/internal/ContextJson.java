package dev.opencic.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.client.ContextState;
import dev.opencic.client.context.ContextObjects;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.payload.Payloads;
import java.util.List;

/** The SDK's typed context objects as the protocol's JSON ones, written when an event goes out. */
public final class ContextJson {
    private ContextJson() {}

    /** {@code state} as the JSON context object of an event. */
    public static ContextObject toJson(ContextState state) {
        ObjectNode payload;
        if (state.payload() instanceof ContextObjects.DeviceState device) {
            // DeviceState's info objects and localTime are siblings in one object on the wire
            payload = MessageCodec.mapper().valueToTree(device.infos());
            payload.put("localTime", device.localTime());
        } else {
            payload = Payloads.toJson(state.payload());
        }
        return new ContextObject(new Header(state.namespace(), state.name(), null, null), payload);
    }

    /** Each of {@code states} as JSON, in order. */
    public static List<ContextObject> toJson(List<ContextState> states) {
        return states.stream().map(ContextJson::toJson).toList();
    }
}
