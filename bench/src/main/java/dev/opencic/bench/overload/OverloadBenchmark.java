package dev.opencic.bench.overload;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.common.util.EventLoopGroups;
import dev.opencic.bench.cli.AccountOptions;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.bench.cli.ServerOptions;
import dev.opencic.bench.devices.DeviceTokens;
import dev.opencic.bench.overload.DeviceRequests.Outcome;
import dev.opencic.bench.overload.DeviceRequests.Result;
import dev.opencic.bench.report.LatencyHistogram;
import dev.opencic.bench.report.MachineLoad;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a node does with more work than it can do. First its capacity, in the same run: devices in
 * a closed loop (each sends its next unique text request when the previous one is answered),
 * answers per second. Then open-loop load at multiples of that capacity (0.5×, 1×, 2×, 4× by
 * default): unique text requests ("note that ...", "remind me to ...") at a fixed rate whatever the
 * server does, devices giving up after {@code --device-timeout-seconds} (10), with a cheap request
 * ("what time is it", served from the answer cache) mixed in at {@code --cheap-per-second}.
 *
 * <p>Per step: goodput (requests of the step answered completely, 200 with Speak, within the device
 * timeout, per second, and as a share of capacity), the share shed with {@code 503} (shed, not an
 * error), other errors and give-ups, latency p50/p95/p99 of admitted requests (answered, or given up
 * at the timeout: not shed), the cheap request's p95, the server's CPU (server process and its
 * children: the flite workers; {@code --server-pid}), and recovery: the time from the end of the
 * step's load until a fresh unique request is answered within {@code --recovered-ms} again.
 *
 * <pre>
 * ./cic bench overload.OverloadBenchmark --url http://127.0.0.1:PORT --username U --password P \
 *     --client-id C --client-secret S [--server-pid PID] [--step-seconds 60] [--multipliers 0.5,1,2,4]
 * </pre>
 * (bench/scripts/overload.sh starts a server and runs it.) Output lines: {@code CAPACITY}, one
 * {@code STEP} per multiplier, then a markdown table.
 */
@Command(name = "OverloadBenchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Capacity (closed loop), then open-loop unique text requests at multiples of it: goodput, "
                + "shed share, admitted latency, cheap-request latency, server CPU, recovery. Prints a markdown table.")
public final class OverloadBenchmark implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Mixin
    AccountOptions account;

    @Option(names = "--devices", paramLabel = "N", description = "Devices (connections, tokens) for the open-loop load (default: ${DEFAULT-VALUE}).")
    int devices = 64;

    @Option(names = "--closed-loop-devices", paramLabel = "N", description = "Devices in the closed loop that measures capacity (default: ${DEFAULT-VALUE}).")
    int closedLoopDevices = 16;

    @Option(names = "--warmup-seconds", paramLabel = "S",
            description = "Closed-loop load before the capacity measurement, so the server's JIT is warm (default: ${DEFAULT-VALUE}).")
    int warmupSeconds = 60;

    @Option(names = "--capacity-seconds", paramLabel = "S", description = "Length of the capacity measurement, after the warm-up (default: ${DEFAULT-VALUE}).")
    int capacitySeconds = 30;

    @Option(names = "--step-seconds", paramLabel = "S", description = "Length of each open-loop step (default: ${DEFAULT-VALUE}).")
    int stepSeconds = 60;

    @Option(names = "--multipliers", split = ",", paramLabel = "X,Y", description = "Offered load as multiples of capacity (default: 0.5,1,2,4).")
    List<Double> multipliers = List.of(0.5, 1.0, 2.0, 4.0);

    @Option(names = "--device-timeout-seconds", paramLabel = "S", description = "A device gives up on an answer after this long (default: ${DEFAULT-VALUE}).")
    int deviceTimeoutSeconds = 10;

    @Option(names = "--cheap-per-second", paramLabel = "R", description = "Rate of the cheap cached request mixed in (default: ${DEFAULT-VALUE}).")
    double cheapPerSecond = 2;

    @Option(names = "--cheap-text", paramLabel = "TEXT", description = "The cheap request (default: ${DEFAULT-VALUE}).")
    String cheapText = "what time is it";

    @Option(names = "--recovered-ms", paramLabel = "MS",
            description = "Recovered once a fresh unique request is answered within this (default: 2 x the capacity run's p50, at least 1000).")
    long recoveredMillis;

    @Option(names = "--server-pid", paramLabel = "PID", description = "The server's process id, for its CPU use (with its child processes).")
    long serverPid;

    @Option(names = "--threads", paramLabel = "N", description = "Client event-loop threads (default: ${DEFAULT-VALUE}).")
    int threads = 2;

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new OverloadBenchmark(), args);
    }

    /** Counts of one step (or of the capacity run). */
    static final class Tally {
        final AtomicLong offered = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong shed = new AtomicLong();
        final AtomicLong gaveUp = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final LatencyHistogram admitted = new LatencyHistogram();
        final LatencyHistogram refused = new LatencyHistogram();
        final LatencyHistogram cheap = new LatencyHistogram();
        final AtomicLong cheapNotOk = new AtomicLong();
        final List<CompletableFuture<Outcome>> pending = new ArrayList<>();

        void record(Outcome o) {
            switch (o.result()) {
                case OK -> {
                    ok.incrementAndGet();
                    admitted.recordNanos(o.nanos());
                }
                case SHED -> {
                    shed.incrementAndGet();
                    refused.recordNanos(o.nanos());
                }
                case GAVE_UP -> {
                    gaveUp.incrementAndGet();
                    admitted.recordNanos(o.nanos());
                }
                case ERROR -> {
                    if (errors.incrementAndGet() <= 3) {
                        System.out.println("ERROR_SAMPLE " + o.detail());
                    }
                }
            }
        }

        void recordCheap(Outcome o) {
            cheap.recordNanos(o.nanos());
            if (o.result() != Result.OK) {
                cheapNotOk.incrementAndGet();
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        account.require();
        Duration deviceTimeout = Duration.ofSeconds(deviceTimeoutSeconds);
        EventLoopGroup group = EventLoopGroups.newEventLoopGroup(threads);
        ClientFactory factory = ClientFactory.builder().workerGroup(group, false).idleTimeoutMillis(0)
                .maxNumEventLoopsPerEndpoint(1).build();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "overload-scheduler");
            t.setDaemon(true);
            return t;
        });
        try {
            int n = Math.max(devices, closedLoopDevices + 1);
            String[] tokens = DeviceTokens.issue(factory, server.url, account, "ovl-" + System.currentTimeMillis() + "-", n, 16);
            DeviceRequests requests = new DeviceRequests(factory, server.uri(), tokens, deviceTimeout);
            int open = requests.openDownchannels(factory, server.uri());
            if (open < n) {
                System.err.println("only " + open + " of " + n + " downchannels opened");
                return 1;
            }
            UniqueRequests unique = new UniqueRequests(System.currentTimeMillis());
            System.out.printf(Locale.ROOT, "DEVICES n=%d cores=%d load_average=%s%n", n,
                    Runtime.getRuntime().availableProcessors(), MachineLoad.loadAverages());

            closedLoop(requests, unique, Duration.ofSeconds(warmupSeconds), new Tally());
            Tally cap = new Tally();
            long[] cpu0 = serverTicks();
            long t0 = System.nanoTime();
            closedLoop(requests, unique, Duration.ofSeconds(capacitySeconds), cap);
            double capSeconds = (System.nanoTime() - t0) / 1e9;
            double capCpu = MachineLoad.processCpuPercent(cpu0, serverTicks(), capSeconds);
            double capacity = cap.ok.get() / (double) capacitySeconds;
            long recovered = recoveredMillis > 0 ? recoveredMillis
                    : Math.max(1000, Math.round(2 * cap.admitted.percentileMillis(50)));
            System.out.printf(Locale.ROOT, "CAPACITY answers_per_s=%.2f devices=%d seconds=%d ok=%d errors=%d gave_up=%d"
                            + " shed=%d %s server_cpu_pct=%.0f recovered_ms=%d%n", capacity, closedLoopDevices,
                    capacitySeconds, cap.ok.get(), cap.errors.get(), cap.gaveUp.get(), cap.shed.get(),
                    cap.admitted.summary(""), capCpu, recovered);
            if (capacity <= 0) {
                System.err.println("no request was answered in the closed loop: nothing to scale the steps by");
                return 1;
            }

            List<String> rows = new ArrayList<>();
            double bestGoodput = 0;
            for (double m : multipliers) {
                Tally step = new Tally();
                long[] c0 = serverTicks();
                long own0 = ownCpuNanos();
                long s0 = System.nanoTime();
                openLoop(requests, unique, scheduler, m * capacity, Duration.ofSeconds(stepSeconds), step);
                double cpu = MachineLoad.processCpuPercent(c0, serverTicks(), (System.nanoTime() - s0) / 1e9);
                // The load runs on the same cores: what it takes is not there for the server.
                double loadCpu = 100.0 * (ownCpuNanos() - own0) / (System.nanoTime() - s0);
                long loadEnd = System.nanoTime();
                double recovery = recover(requests, unique, recovered, loadEnd);
                CompletableFuture.allOf(step.pending.toArray(CompletableFuture[]::new)).join();
                long offered = step.offered.get();
                double goodput = step.ok.get() / (double) stepSeconds;
                bestGoodput = Math.max(bestGoodput, goodput);
                String line = String.format(Locale.ROOT, "STEP x=%.1f offered_per_s=%.1f offered=%d goodput_per_s=%.2f"
                                + " goodput_vs_capacity=%.2f ok=%d shed=%d shed_pct=%.1f gave_up=%d errors=%d"
                                + " admitted_p50_ms=%.0f admitted_p95_ms=%.0f admitted_p99_ms=%.0f shed_p99_ms=%.0f"
                                + " cheap_p95_ms=%.0f cheap_not_ok=%d server_cpu_pct=%.0f recovery_s=%.1f load_cpu_pct=%.0f"
                                + " load_average=%s",
                        m, m * capacity, offered, goodput, goodput / capacity, step.ok.get(), step.shed.get(),
                        pct(step.shed.get(), offered), step.gaveUp.get(), step.errors.get(),
                        step.admitted.percentileMillis(50), step.admitted.percentileMillis(95),
                        step.admitted.percentileMillis(99), step.refused.percentileMillis(99),
                        step.cheap.percentileMillis(95), step.cheapNotOk.get(), cpu, recovery, loadCpu,
                        MachineLoad.loadAverages().replace(' ', '/'));
                System.out.println(line);
                System.out.flush();
                rows.add(String.format(Locale.ROOT, "| %.1f× (%.1f/s) | %.2f/s (%.2f×) | %.1f %% | %d + %d gave up | %.0f / %.0f / %.0f | %.0f | %.0f %% | %s |",
                        m, m * capacity, goodput, goodput / capacity, pct(step.shed.get(), offered), step.errors.get(),
                        step.gaveUp.get(), step.admitted.percentileMillis(50), step.admitted.percentileMillis(95),
                        step.admitted.percentileMillis(99), step.cheap.percentileMillis(95), cpu,
                        Double.isNaN(recovery) ? "not within 60 s" : String.format(Locale.ROOT, "%.1f s", recovery)));
            }
            System.out.printf(Locale.ROOT, "%ncapacity %.2f answers/s (%d devices, closed loop, %d s, p50 %.0f ms, server CPU %.0f %%);"
                            + " steps of %d s; devices give up after %d s; cheap request \"%s\" at %.1f/s%n%n",
                    capacity, closedLoopDevices, capacitySeconds, cap.admitted.percentileMillis(50), capCpu, stepSeconds,
                    deviceTimeoutSeconds, cheapText, cheapPerSecond);
            System.out.println("| offered | goodput (vs capacity) | shed (503) | errors | admitted p50 / p95 / p99 (ms) | cheap p95 (ms) | server CPU | recovery |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            rows.forEach(System.out::println);
            if (bestGoodput > 1.1 * capacity) {
                // The ratios then overstate what the server does past its ceiling: the closed loop
                // ran while the server was colder, or got a smaller share of a contended machine
                // (fewer runnable threads) than the open-loop steps did.
                System.out.printf(Locale.ROOT, "%nCAPACITY_LOW best_step_goodput_per_s=%.2f = %.2fx the closed-loop capacity:"
                        + " judge the steps against %.2f/s too%n", bestGoodput, bestGoodput / capacity, bestGoodput);
            }
            return 0;
        } finally {
            System.out.flush();
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())); // downchannels closing
            scheduler.shutdownNow();
            factory.close();
            group.shutdownGracefully();
        }
    }

    /** {@code closedLoopDevices} devices, each sending its next unique request when the last is answered. */
    private void closedLoop(DeviceRequests requests, UniqueRequests unique, Duration length, Tally tally) {
        long end = System.nanoTime() + length.toNanos();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int d = 0; d < closedLoopDevices; d++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loops.add(done);
            loopOnce(requests, unique, d, end, tally, done);
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
    }

    private void loopOnce(DeviceRequests requests, UniqueRequests unique, int device, long end, Tally tally,
                          CompletableFuture<Void> done) {
        if (System.nanoTime() >= end) {
            done.complete(null);
            return;
        }
        tally.offered.incrementAndGet();
        requests.send(device, unique.next()).thenAccept(o -> {
            if (System.nanoTime() <= end) { // only answers completed within the window count
                tally.record(o);
            }
            if (o.result() == DeviceRequests.Result.SHED) {
                // Like the SDK, a refused device waits out Retry-After: retrying at once would measure
                // how fast the server refuses, not how much it answers.
                CompletableFuture.delayedExecutor(retryAfterMillis(o.detail()), TimeUnit.MILLISECONDS)
                        .execute(() -> loopOnce(requests, unique, device, end, tally, done));
                return;
            }
            loopOnce(requests, unique, device, end, tally, done);
        });
    }

    private static long retryAfterMillis(String seconds) {
        try {
            return Math.max(0, Math.round(Double.parseDouble(seconds.trim()) * 1000));
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    /** Unique requests at {@code perSecond} and the cheap one at its own rate, for {@code length}, whatever the answers. */
    private void openLoop(DeviceRequests requests, UniqueRequests unique, ScheduledExecutorService scheduler,
                          double perSecond, Duration length, Tally tally) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long gap = Math.max(1, (long) (1e9 / perSecond));
        long cheapGap = cheapPerSecond > 0 ? (long) (1e9 / cheapPerSecond) : Long.MAX_VALUE;
        AtomicBoolean over = new AtomicBoolean();
        long[] k = {0};
        long[] c = {0};
        // one tick per millisecond sends whatever is due: the schedule, not the answers, sets the rate
        var ticker = scheduler.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            if (now >= end) {
                over.set(true);
                return;
            }
            while (start + k[0] * gap <= now) {
                int device = (int) (k[0] % (requests.devices() - 1)) + 1;
                k[0]++;
                tally.offered.incrementAndGet();
                CompletableFuture<Outcome> f = requests.send(device, unique.next());
                f.thenAccept(tally::record);
                synchronized (tally.pending) {
                    tally.pending.add(f);
                }
            }
            while (cheapGap != Long.MAX_VALUE && start + c[0] * cheapGap <= now) {
                c[0]++;
                CompletableFuture<Outcome> f = requests.send(0, cheapText);
                f.thenAccept(tally::recordCheap);
                synchronized (tally.pending) {
                    tally.pending.add(f);
                }
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        while (!over.get()) {
            Thread.sleep(50);
        }
        ticker.cancel(false);
    }

    /**
     * Seconds from {@code loadEnd} until a fresh unique request is answered within
     * {@code recoveredMillis}, probing one request at a time; NaN if not within 60 s.
     */
    private double recover(DeviceRequests requests, UniqueRequests unique, long recoveredMillis, long loadEnd)
            throws InterruptedException {
        long giveUp = loadEnd + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < giveUp) {
            long sent = System.nanoTime();
            Outcome o = requests.send(0, unique.next()).join();
            if (o.result() == Result.OK && o.nanos() <= TimeUnit.MILLISECONDS.toNanos(recoveredMillis)) {
                return (sent - loadEnd) / 1e9;
            }
            Thread.sleep(100);
        }
        return Double.NaN;
    }

    /** utime + stime of the server and all its descendants (the flite workers), or null without --server-pid. */
    private long[] serverTicks() {
        if (serverPid <= 0) {
            return null;
        }
        long[] sum = MachineLoad.processTicks(serverPid);
        if (sum == null) {
            return null;
        }
        long[] total = sum.clone();
        ProcessHandle.of(serverPid).ifPresent(p -> p.descendants().forEach(child -> {
            long[] t = MachineLoad.processTicks(child.pid());
            if (t != null) {
                total[0] += t[0];
                total[1] += t[1];
            }
        }));
        return total;
    }

    /** CPU time of this load process, nanoseconds. */
    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double pct(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
