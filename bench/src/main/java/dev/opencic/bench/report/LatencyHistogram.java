package dev.opencic.bench.report;

import java.util.Collection;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution for the load generators and latency benchmarks, kept in an HdrHistogram
 * (nanoseconds, 3 significant digits, so a percentile is exact to 0.1 %) instead of sorted arrays:
 * memory stays constant however many samples a long run records, and every tool reports the same
 * percentiles the same way. Safe to record into from several threads.
 *
 * <p>A percentile is HdrHistogram's: the highest value equivalent (within the 3 digits) to the
 * sample at that rank. An empty histogram reports 0. A negative latency (a clock race: an answer
 * timestamped before the request it answers) is recorded as 0.
 */
public final class LatencyHistogram {

    private final Histogram histogram = new Histogram(3);

    /** The values in milliseconds, NaN ones left out. */
    public static LatencyHistogram ofMillis(Collection<Double> millis) {
        LatencyHistogram h = new LatencyHistogram();
        for (double ms : millis) {
            if (!Double.isNaN(ms)) {
                h.recordMillis(ms);
            }
        }
        return h;
    }

    public synchronized void recordNanos(long nanos) {
        histogram.recordValue(Math.max(0, nanos));
    }

    public void recordMillis(double millis) {
        recordNanos(Math.round(millis * 1e6));
    }

    public synchronized long count() {
        return histogram.getTotalCount();
    }

    /** The value at {@code percentile} (0..100), in milliseconds; 0 when empty. */
    public synchronized double percentileMillis(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }

    /** The largest value, in milliseconds; 0 when empty. */
    public synchronized double maxMillis() {
        return histogram.getMaxValue() / 1e6;
    }

    /**
     * The report line every bench tool prints for a distribution:
     * {@code <prefix>p50=… p90=… p95=… p99=… max=…}, in milliseconds with one decimal.
     */
    public synchronized String summary(String prefix) {
        return String.format(Locale.ROOT, "%sp50=%.1f p90=%.1f p95=%.1f p99=%.1f max=%.1f", prefix,
                percentileMillis(50), percentileMillis(90), percentileMillis(95), percentileMillis(99), maxMillis());
    }
}
