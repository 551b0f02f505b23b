package dev.opencic.server.transport;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.opencic.server.api.DeviceIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /v1/directives}: opens the device's downchannel and keeps it open. */
public final class DownchannelService implements HttpService {

    private static final Logger log = LoggerFactory.getLogger(DownchannelService.class);

    private final DownchannelRegistry registry;

    public DownchannelService(DownchannelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        DeviceIdentity device = CicAttrs.device(ctx);
        if (device == null) {
            throw new IllegalStateException("DownchannelService must be decorated with BearerTokenAuthService");
        }
        // A downchannel lives as long as the device stays connected.
        ctx.clearRequestTimeout();
        HttpResponseWriter response = HttpResponse.streaming();
        Downchannel downchannel = new Downchannel(device, response, ctx.blockingTaskExecutor());
        registry.register(downchannel); // throws 429 before anything is written
        downchannel.start();
        log.info("event=DownchannelOpened device={}", device.deviceId());
        downchannel.whenClosed().handle((v, e) -> {
            log.info("event=DownchannelClosed device={}", device.deviceId());
            return null;
        });
        req.abort(); // a GET has no body to wait for
        return response;
    }
}
