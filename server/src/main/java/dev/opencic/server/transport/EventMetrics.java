package dev.opencic.server.transport;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** Event latency by event name: from the metadata being parsed to the handler's reply being ready. */
final class EventMetrics {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    EventMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    // Only routed events are timed, so the tag's values are bounded by the known event names.
    void record(String eventName, String outcome, long nanos) {
        timers.computeIfAbsent(eventName + '|' + outcome, k -> Timer.builder("cic.event.latency")
                        .description("Time from an event's metadata being read to its reply being ready")
                        .tag("event", eventName)
                        .tag("outcome", outcome)
                        .publishPercentiles(0.5, 0.95, 0.99)
                        .register(registry))
                .record(Duration.ofNanos(nanos));
    }
}
