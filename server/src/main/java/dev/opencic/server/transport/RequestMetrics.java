package dev.opencic.server.transport;

import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Requests by route and status ({@code cic_http_requests_total}) and their duration
 * ({@code cic_http_request_duration_seconds}). Two meter updates per request from meters looked up
 * by index: Armeria's general-purpose metric decorator builds tag lists for every request, which
 * cost more than a small CIC event itself. Recorded by {@link CicAccessLog} along with the access
 * log line.
 */
public final class RequestMetrics {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, RouteMeters> byRoute = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts the finished request; meters per route are created on first use (a few fixed paths). */
    void record(ServiceRequestContext ctx, RequestLog log) {
        String route = ctx.config().route().patternString();
        RouteMeters m = byRoute.computeIfAbsent(route, r -> new RouteMeters(registry, r));
        int status = log.responseHeaders().status().code();
        m.counter(status).increment();
        m.duration.record(log.totalDurationNanos(), TimeUnit.NANOSECONDS);
    }

    private static final class RouteMeters {
        private final MeterRegistry registry;
        private final String route;
        private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);
        final Timer duration;

        RouteMeters(MeterRegistry registry, String route) {
            this.registry = registry;
            this.route = route;
            this.duration = Timer.builder("cic.http.request.duration")
                    .description("Time from a request's first byte to its response's last")
                    .tag("route", route).register(registry);
        }

        Counter counter(int status) {
            int i = status >= 0 && status < 600 ? status : 0;
            Counter c = byStatus.get(i);
            if (c == null) {
                c = Counter.builder("cic.http.requests").description("Requests by route and response status")
                        .tag("route", route).tag("http_status", String.valueOf(status)).register(registry);
                byStatus.compareAndSet(i, null, c);
            }
            return c;
        }
    }
}
