package dev.opencic.server.transport;

import dev.opencic.server.auth.DeviceIdentity;
import io.netty.util.AttributeKey;

/** Request-context attributes set by the transport decorators and read by services and logs. */
public final class CicAttrs {
    private CicAttrs() {}

    /** Set by {@link BearerTokenAuthService} once the access token checks out. */
    public static final AttributeKey<DeviceIdentity> DEVICE = AttributeKey.valueOf(CicAttrs.class, "DEVICE");

    /** Set once an event's metadata is parsed: {@code Namespace.Name}. */
    public static final AttributeKey<String> EVENT_NAME = AttributeKey.valueOf(CicAttrs.class, "EVENT_NAME");

    /** Set once an event's metadata is parsed, when the event has one. */
    public static final AttributeKey<String> DIALOG_REQUEST_ID =
            AttributeKey.valueOf(CicAttrs.class, "DIALOG_REQUEST_ID");
}
