package dev.opencic.bench.devices;

import dev.opencic.bench.cli.EventLoadOptions;
import dev.opencic.bench.report.LatencyHistogram;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Event outcomes and the report lines of a simulated-device load process ({@code WINDOW} per
 * report period, {@code MEASURE_START}, {@code SUMMARY} over the measurement window), shared by
 * {@link SimulatedDevices} and {@link CicClientDevices}.
 */
final class LoadReport {

    static final long LATE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** An answer later than this from its sending counts as ok but not as goodput (issue 16's device timeout). */
    static final long GOOD_NANOS = TimeUnit.SECONDS.toNanos(10);

    private LoadReport() {}

    /**
     * Prints the report lines until {@code start + warmup + measure + tail} (seconds); the
     * measurement window is {@code [start + warmup, start + warmup + measure)}.
     */
    static void run(Stats stats, long start, EventLoadOptions load) throws InterruptedException {
        int warmup = load.warmupSeconds, measure = load.measureSeconds, tail = load.tailSeconds, report = load.reportSeconds;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long measureStart = start + TimeUnit.SECONDS.toNanos(warmup);
        long measureEnd = measureStart + TimeUnit.SECONDS.toNanos(measure);
        long end = measureEnd + TimeUnit.SECONDS.toNanos(tail);
        Recorder window = stats.window;
        Recorder total = null;
        long cpu0 = os.getProcessCpuTime(), w0 = System.nanoTime(), mCpu0 = 0;
        boolean measuring = false, done = false;
        long next = w0 + TimeUnit.SECONDS.toNanos(report);
        while (System.nanoTime() < end || !done) { // with no tail, still print SUMMARY
            long now = System.nanoTime();
            if (!measuring && !done && now >= measureStart) {
                total = new Recorder();
                stats.measured = total;
                mCpu0 = os.getProcessCpuTime();
                measuring = true;
                System.out.println("MEASURE_START");
                System.out.flush();
            }
            if (measuring && now >= measureEnd) {
                stats.measured = null;
                long cpu = os.getProcessCpuTime() - mCpu0;
                System.out.println("SUMMARY " + total.describe(now - measureStart) + String.format(Locale.ROOT,
                        " load_cpu_pct=%.1f open=%d closed=%d connect_failed=%d",
                        100.0 * cpu / (now - measureStart), stats.open.get() - stats.closed.get(),
                        stats.closed.get(), stats.connectFailed.get()));
                System.out.flush();
                measuring = false;
                done = true;
            }
            if (now >= next) {
                Recorder w = window;
                window = new Recorder();
                stats.window = window;
                long cpu = os.getProcessCpuTime();
                System.out.println("WINDOW " + w.describe(now - w0) + String.format(Locale.ROOT,
                        " load_cpu_pct=%.1f open=%d closed=%d in_flight=%d heap_used_mb=%d", 100.0 * (cpu - cpu0) / (now - w0),
                        stats.open.get() - stats.closed.get(), stats.closed.get(), stats.inFlight.get(),
                        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20));
                System.out.flush();
                cpu0 = cpu;
                w0 = now;
                next += TimeUnit.SECONDS.toNanos(report);
            }
            Thread.sleep(100);
        }
    }

    /** Counters shared by all devices. */
    static final class Stats {
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger connectFailed = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile Recorder window = new Recorder();
        volatile Recorder measured;

        void record(boolean ok, long fromPlanned, long fromSent, long sendLag) {
            window.add(ok, fromPlanned, fromSent, sendLag);
            Recorder m = measured;
            if (m != null) {
                m.add(ok, fromPlanned, fromSent, sendLag);
            }
        }

        /**
         * A {@code 503} with {@code Retry-After}: the server shed the event under load. Counted
         * apart from errors (shedding is the intended behaviour past capacity), with its latency.
         */
        void recordShed(long fromSent) {
            window.addShed(fromSent);
            Recorder m = measured;
            if (m != null) {
                m.addShed(fromSent);
            }
        }
    }

    /** Event outcomes of one period: counts and latency distributions. */
    static final class Recorder {
        private final LatencyHistogram fromPlanned = new LatencyHistogram();
        private final LatencyHistogram fromSent = new LatencyHistogram();
        private final LatencyHistogram shedLatency = new LatencyHistogram();
        private long ok;
        private long good;
        private long shed;
        private long errors;
        private long late;
        private long maxSendLag;

        synchronized void add(boolean ok, long planned, long sent, long sendLag) {
            if (!ok) {
                errors++;
                return;
            }
            fromPlanned.recordNanos(planned);
            fromSent.recordNanos(sent);
            this.ok++;
            if (sent <= GOOD_NANOS) {
                good++;
            }
            if (planned > LATE_NANOS) {
                late++;
            }
            maxSendLag = Math.max(maxSendLag, sendLag);
        }

        synchronized void addShed(long sent) {
            shed++;
            shedLatency.recordNanos(sent);
        }

        /**
         * {@code rate_per_s} counts every answered event (ok, errors, shed); {@code goodput_per_s}
         * the ok ones answered within 10 s of sending; {@code shed_ms_p99} the 503s' latency.
         */
        synchronized String describe(long periodNanos) {
            double secs = periodNanos / 1e9;
            return String.format(Locale.ROOT, "secs=%.1f ok=%d errors=%d rate_per_s=%.1f late_gt5s=%d %s %s max_send_lag_ms=%.1f"
                            + " shed=%d goodput_per_s=%.2f shed_ms_p99=%s",
                    secs, ok, errors, (ok + errors + shed) / secs, late,
                    fromPlanned.summary("lat_ms_"), fromSent.summary("sent_lat_ms_"), maxSendLag / 1e6,
                    shed, good / secs, shed == 0 ? "-" : String.format(Locale.ROOT, "%.1f", shedLatency.percentileMillis(99)));
        }
    }
}
