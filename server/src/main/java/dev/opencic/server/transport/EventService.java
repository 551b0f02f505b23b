package dev.opencic.server.transport;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.opencic.protocol.multipart.ContentTypes;
import dev.opencic.protocol.multipart.MultipartException;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.EventRouter;
import dev.opencic.server.events.EventReplay;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/events}: reads the {@code multipart/form-data} body as it streams in, dispatches
 * the event when its body has ended validly (a spoken one as soon as its {@code metadata} part is
 * complete, its state change waiting for the rest), feeds the {@code audio} part to the
 * handler while it arrives, and answers with the handler's directives. Events from a device without
 * an open downchannel get {@code 412}. What bounds each event's work is in {@link EventLimits}.
 */
public final class EventService implements HttpService {

    private final EventRouter router;
    private final DownchannelRegistry downchannels;
    private final EventMetrics metrics;
    private final int maxMetadataBytes;
    private final EventLimits limits;
    private final SpokenRequests spoken;
    private final CheapAnswers cheap;
    private final EventReplay replay;

    public EventService(EventRouter router, DownchannelRegistry downchannels, MeterRegistry meters,
                        int maxMetadataBytes, EventLimits limits) {
        this(router, downchannels, meters, maxMetadataBytes, limits, null);
    }

    /** @param replay the replay window of retried events (same messageId); null: every event acts */
    public EventService(EventRouter router, DownchannelRegistry downchannels, MeterRegistry meters,
                        int maxMetadataBytes, EventLimits limits, EventReplay replay) {
        this.router = router;
        this.downchannels = downchannels;
        this.metrics = new EventMetrics(meters);
        this.maxMetadataBytes = maxMetadataBytes;
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        this.spoken = new SpokenRequests(limits.spokenPerDevice());
        this.cheap = new CheapAnswers(meters);
        this.replay = replay;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        DeviceIdentity device = CicAttrs.device(ctx);
        if (device == null) {
            throw new IllegalStateException("EventService must be decorated with BearerTokenAuthService");
        }
        CompletableFuture<Boolean> open = downchannels.checkOpen(device);
        if (open.isDone()) {
            return serveOpen(ctx, req, device, open.join());
        }
        // A device held on another node: its presence is in Redis. The event loop does not wait for
        // it; the exchange starts on the event loop when the answer comes (the body waits, unread).
        return HttpResponse.of(open.exceptionally(e -> false).thenApplyAsync(isOpen -> {
            try {
                return serveOpen(ctx, req, device, isOpen);
            } catch (CicException e) {
                req.abort();
                return SystemExceptions.response(e);
            }
        }, ctx.eventLoop()));
    }

    private HttpResponse serveOpen(ServiceRequestContext ctx, HttpRequest req, DeviceIdentity device, boolean open) {
        if (!open) {
            // The reference requires it: a device that cannot receive cloud-initiated directives
            // must open its downchannel before it sends events.
            return SystemExceptions.response(new CicException(HttpStatus.PRECONDITION_FAILED,
                    "no open downchannel: open GET /v1/directives before sending events"));
        }
        String boundary;
        try {
            String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
            boundary = ContentTypes.boundaryOf(contentType);
            if (!ContentTypes.hasMediaType(contentType, "multipart/form-data")) {
                throw new MultipartException("expected multipart/form-data, got " + ContentTypes.mediaType(contentType));
            }
        } catch (MultipartException e) {
            throw CicException.badRequest("could not decode multipart: " + e.getMessage());
        }
        EventExchange exchange = new EventExchange(ctx, device, boundary, router, metrics, maxMetadataBytes,
                limits, spoken, cheap, replay);
        // A reset stream or a timeout: drop the work still queued for it (on its event loop, like the rest).
        ctx.whenRequestCancelling().thenAccept(cause -> ctx.eventLoop().execute(() -> exchange.cancelled(cause)));
        req.subscribe(exchange, ctx.eventLoop());
        return exchange.response();
    }
}
