package dev.opencic.server.transport;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Event latency by event name: from the metadata being parsed to the handler's reply being ready.
 * Count, sum and max only: percentiles are computed by Prometheus from many scrapes, and
 * client-side percentile windows would cost every event a histogram update.
 */
final class EventMetrics {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer[]> timers = new ConcurrentHashMap<>();

    EventMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    // Only routed events are timed, so the tag's values are bounded by the known event names.
    void record(String eventName, boolean ok, long nanos) {
        Timer[] pair = timers.computeIfAbsent(eventName, name -> new Timer[] {timer(name, "ok"), timer(name, "error")});
        pair[ok ? 0 : 1].record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String eventName, String outcome) {
        return Timer.builder("cic.event.latency")
                .description("Time from an event's metadata being read to its reply being ready")
                .tag("event", eventName)
                .tag("outcome", outcome)
                .register(registry);
    }
}
