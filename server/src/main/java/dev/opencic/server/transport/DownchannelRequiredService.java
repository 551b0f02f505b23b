package dev.opencic.server.transport;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import dev.opencic.server.auth.DeviceIdentity;
import java.util.function.Function;

/**
 * Refuses events from a device with no open downchannel ({@code 412}), as the reference requires:
 * a device that cannot receive cloud-initiated directives must reconnect first.
 */
public final class DownchannelRequiredService extends SimpleDecoratingHttpService {

    private final DownchannelRegistry registry;

    private DownchannelRequiredService(HttpService delegate, DownchannelRegistry registry) {
        super(delegate);
        this.registry = registry;
    }

    public static Function<? super HttpService, DownchannelRequiredService> newDecorator(DownchannelRegistry registry) {
        java.util.Objects.requireNonNull(registry, "registry");
        return delegate -> new DownchannelRequiredService(delegate, registry);
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        DeviceIdentity device = CicAttrs.device(ctx);
        if (device == null || !registry.isOpen(device)) {
            return SystemExceptions.response(new CicException(HttpStatus.PRECONDITION_FAILED,
                    "no open downchannel: open GET /v1/directives before sending events"));
        }
        return unwrap().serve(ctx, req);
    }
}
