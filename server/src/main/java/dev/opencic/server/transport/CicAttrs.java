package dev.opencic.server.transport;

import dev.opencic.server.auth.DeviceIdentity;
import io.netty.util.AttributeKey;

/** Request-context attributes set by the transport decorators and read by services and logs. */
public final class CicAttrs {
    private CicAttrs() {}

    /** Set by {@link BearerTokenAuthService} once the access token checks out. */
    public static final AttributeKey<DeviceIdentity> DEVICE = AttributeKey.valueOf(CicAttrs.class, "DEVICE");

    /**
     * Set once an event's metadata is parsed: its {@code Namespace.Name} and dialogRequestId (may be
     * null). One attribute for both, since every attribute set costs the request an allocation.
     */
    public static final AttributeKey<EventInfo> EVENT = AttributeKey.valueOf(CicAttrs.class, "EVENT");

    /** What the logs say about an event. */
    public record EventInfo(String name, String dialogRequestId) {}
}
