package dev.opencic.server.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A few lines of the server's own meters for the administration page, read from the registry that
 * {@code /metrics} scrapes (this node since it started). Answer times are the mean and the maximum:
 * {@code cic.event.latency} keeps count, sum and max only (a percentile window would cost every
 * event); the speech synthesis timers do publish their p50/p95, so the p95 shown is theirs.
 */
public final class MetricsSummary {

    private MetricsSummary() {}

    /** Name to value, in the order the page shows them. */
    public static Map<String, String> of(MeterRegistry meters) {
        Map<String, String> lines = new LinkedHashMap<>();
        double requests = 0;
        double serverErrors = 0;
        for (Counter c : meters.find("cic.http.requests").counters()) {
            requests += c.count();
            String status = c.getId().getTag("http_status");
            if (status != null && status.startsWith("5")) {
                serverErrors += c.count();
            }
        }
        lines.put("requests", count(requests) + " (" + count(serverErrors) + " answered 5xx)");
        long events = 0;
        double totalMillis = 0;
        double maxMillis = 0;
        for (Timer t : meters.find("cic.event.latency").tag("outcome", "ok").timers()) {
            events += t.count();
            totalMillis += t.totalTime(TimeUnit.MILLISECONDS);
            maxMillis = Math.max(maxMillis, t.max(TimeUnit.MILLISECONDS));
        }
        lines.put("events answered", events == 0 ? "0"
                : events + " (mean " + millis(totalMillis / events) + ", max " + millis(maxMillis) + ")");
        double shed = meters.find("cic.stage.shed").counters().stream().mapToDouble(Counter::count).sum();
        lines.put("requests shed (stages busy)", count(shed));
        Timer firstByte = meters.find("cic.tts.first_byte").timer();
        if (firstByte != null && firstByte.count() > 0) {
            String p95 = "?";
            for (ValueAtPercentile v : firstByte.takeSnapshot().percentileValues()) {
                if (Math.abs(v.percentile() - 0.95) < 1e-9) {
                    p95 = millis(v.value(TimeUnit.MILLISECONDS));
                }
            }
            lines.put("speech first byte p95", p95 + " (" + firstByte.count() + " synthesised)");
        }
        return lines;
    }

    private static String count(double value) {
        return Long.toString(Math.round(value));
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, "%.1f ms", value);
    }
}
