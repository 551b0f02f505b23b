package dev.opencic.server.transport;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.opencic.server.api.DeviceIdentity;
import io.netty.util.AttributeKey;

/**
 * The one request-context attribute the transport sets: who sent the request (from
 * {@link BearerTokenAuthService}) and, once an event's metadata is parsed, which event it is. One
 * attribute for all of it, since every attribute set costs each request an allocation and a lock.
 */
public final class CicAttrs {
    private CicAttrs() {}

    public static final AttributeKey<RequestInfo> REQUEST = AttributeKey.valueOf(CicAttrs.class, "REQUEST");

    /** The authenticated device of this request, or null before (or without) authentication. */
    public static DeviceIdentity device(ServiceRequestContext ctx) {
        RequestInfo info = ctx.attr(REQUEST);
        return info == null ? null : info.device();
    }

    /** What the transport knows about a request, for services and logs. */
    public static final class RequestInfo {
        private final DeviceIdentity device;
        private volatile String eventName;
        private volatile String dialogRequestId;

        RequestInfo(DeviceIdentity device) {
            this.device = device;
        }

        public DeviceIdentity device() {
            return device;
        }

        /** {@code Namespace.Name} of the event, once its metadata is parsed; null before. */
        public String eventName() {
            return eventName;
        }

        public String dialogRequestId() {
            return dialogRequestId;
        }

        void event(String name, String dialogRequestId) {
            this.dialogRequestId = dialogRequestId;
            this.eventName = name;
        }
    }
}
