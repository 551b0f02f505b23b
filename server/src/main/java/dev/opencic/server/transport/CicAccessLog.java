package dev.opencic.server.transport;

import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.logging.AccessLogWriter;
import dev.opencic.server.api.DeviceIdentity;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per finished request with the device id, event name and dialogRequestId, so a
 * dialogue can be followed through the logs: failed requests at INFO, all requests at DEBUG
 * ({@code CIC_ACCESS_LOG_LEVEL=DEBUG}), and the request counted in {@link RequestMetrics}. Headers
 * are not logged: they carry access tokens, and query strings are dropped because signed and auth
 * URLs carry secrets there.
 *
 * <p>An access-log writer rather than a decorator: Armeria calls it for every request of every route
 * once the request log is complete, and a server-wide decorator would cost each event a second
 * route lookup and another layer of service delegation.
 */
public final class CicAccessLog implements AccessLogWriter {

    private static final Logger log = LoggerFactory.getLogger("cic.access");

    private final RequestMetrics metrics;

    public CicAccessLog(RequestMetrics metrics) {
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void log(RequestLog l) {
        if (!(l.context() instanceof ServiceRequestContext ctx)) {
            return;
        }
        metrics.record(ctx, l);
        write(ctx, l);
    }

    private static void write(ServiceRequestContext ctx, RequestLog l) {
        int status = l.responseHeaders().status().code();
        // Failures always; successful requests only at DEBUG: at tens of thousands of events per
        // second a line each would cost more than the events themselves.
        // A device closing its stream (a downchannel at the end of `./cic device say`, an upload it
        // cancelled) after a 200 is an expected end, not a failure: DEBUG, named as such.
        boolean deviceLeft = status < 400 && isDeviceGone(l.responseCause());
        boolean failed = !deviceLeft && (status >= 400 || l.responseCause() != null);
        if (failed ? !log.isInfoEnabled() : !log.isDebugEnabled()) {
            return;
        }
        CicAttrs.RequestInfo info = ctx.attr(CicAttrs.REQUEST);
        DeviceIdentity device = info == null ? null : info.device();
        long millis = TimeUnit.NANOSECONDS.toMillis(l.totalDurationNanos());
        String failure = l.responseCause() == null ? "" : deviceLeft ? " end=device-closed"
                : " cause=" + l.responseCause().getClass().getSimpleName();
        String format = "{} {} status={} ms={} proto={} device={} event={} dialogRequestId={}{}";
        Object[] args = {ctx.method(), ctx.path(), status, millis,
                ctx.sessionProtocol().uriText(),
                device == null ? "-" : device.deviceId(),
                info == null ? "-" : orDash(info.eventName()), info == null ? "-" : orDash(info.dialogRequestId()),
                failure};
        if (failed) {
            log.info(format, args);
        } else {
            log.debug(format, args);
        }
    }

    /** The stream or the whole connection was closed by the device (or timed out), not failed by us. */
    private static boolean isDeviceGone(Throwable cause) {
        return cause != null && (CicErrorHandler.isStreamGone(cause)
                || cause instanceof com.linecorp.armeria.common.ClosedSessionException);
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
