package dev.opencic.bench.music;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.util.EventLoopGroups;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.bench.report.LatencyHistogram;
import dev.opencic.bench.report.MachineLoad;
import dev.opencic.server.skill.music.MusicLibrary;
import dev.opencic.server.skill.music.StreamUrls;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Devices pulling music streams from a running CIC server as players do: each device has its own
 * HTTP/2 connection, buffers {@code PREBUFFER_S} seconds before it starts playing, then consumes
 * the stream at the bit rate and asks for more only while less than {@code HIGH_WATER_S} seconds
 * are buffered. A stream <em>falls behind</em> when playback would have to wait for data (an
 * underrun). When a track ends the device starts another. Devices join at {@code JOINS_PER_SECOND}. Runs a series of device counts against
 * the same server and prints one line per step with underruns, start latency and the server's CPU.
 *
 * <p>The URLs are signed here with the server's key from its data directory (the same signer the
 * music skill uses), so the load is the stream route alone, not the dialogue that precedes it.
 *
 * <pre>
 *   StreamingLoad BASE_URL DATA_DIR LIBRARY_DIR SERVER_PID DEVICES[,DEVICES...] SECONDS [KBPS]
 * </pre>
 */
@Command(name = "StreamingLoad", mixinStandardHelpOptions = true,
        description = "Devices pulling music streams from a running CIC server as players do, one line per device count.")
public final class StreamingLoad implements Callable<Integer> {

    static final double PREBUFFER_S = 2;
    static final double HIGH_WATER_S = 5;
    /** New devices per second while a step ramps up (at least 3 s of ramp). */
    static final int JOINS_PER_SECOND = 400;
    static final int WINDOW_BYTES = 128 * 1024;

    @Parameters(index = "0", paramLabel = "BASE_URL", description = "The server's base URL, e.g. http://127.0.0.1:8080.")
    String base;

    @Parameters(index = "1", paramLabel = "DATA_DIR", description = "The server's data directory (for the key stream URLs are signed with).")
    Path dataDir;

    @Parameters(index = "2", paramLabel = "LIBRARY_DIR", description = "The music library the server serves (its .mp3 files are the tracks).")
    Path libraryDir;

    @Parameters(index = "3", paramLabel = "SERVER_PID", description = "The server's process id (its CPU is read from /proc).")
    long serverPid;

    @Parameters(index = "4", arity = "1", paramLabel = "DEVICES", split = ",",
            description = "Device counts, one step each, in this order.")
    List<Integer> steps;

    @Parameters(index = "5", paramLabel = "SECONDS", description = "Measured seconds per step (after the ramp).")
    int seconds;

    @Parameters(index = "6", arity = "0..1", paramLabel = "KBPS", defaultValue = "128",
            description = "The streams' bit rate (default: ${DEFAULT-VALUE}).")
    int kbps;

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new StreamingLoad(), args);
    }

    @Override
    public Integer call() throws Exception {
        StreamUrls urls = StreamUrls.loadOrCreate(dataDir, Clock.systemUTC());
        List<String> trackIds;
        try (var files = Files.walk(libraryDir)) {
            trackIds = files.filter(p -> p.toString().endsWith(".mp3")).map(MusicLibrary::idOf).toList();
        }
        if (trackIds.isEmpty()) {
            throw new IllegalArgumentException("no .mp3 files under " + libraryDir);
        }
        EventLoopGroup group = EventLoopGroups.newEventLoopGroup(2);
        System.out.printf(Locale.ROOT, "# %s tracks=%d kbps=%d seconds_per_step=%d cores=%d%n", base, trackIds.size(), kbps,
                seconds, Runtime.getRuntime().availableProcessors());
        for (int n : steps) {
            Step step = new Step(n, base, urls, trackIds, kbps * 1000 / 8, group);
            step.run(seconds, serverPid);
            Thread.sleep(2000);
        }
        group.shutdownGracefully().sync();
        return 0;
    }

    /** One device count, run for a while. */
    static final class Step {
        final int devices;
        final String base;
        final StreamUrls urls;
        final List<String> trackIds;
        final int bytesPerSecond;
        final EventLoopGroup group;
        final LongAdder bytes = new LongAdder();
        final AtomicInteger underrunStreams = new AtomicInteger();
        final AtomicInteger underruns = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final java.util.concurrent.ConcurrentHashMap<String, LongAdder> causes = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger started = new AtomicInteger();
        final LongAdder startNanos = new LongAdder();
        final LatencyHistogram startLatencies = new LatencyHistogram();
        volatile boolean stopping;

        Step(int devices, String base, StreamUrls urls, List<String> trackIds, int bytesPerSecond, EventLoopGroup group) {
            this.devices = devices;
            this.base = base;
            this.urls = urls;
            this.trackIds = trackIds;
            this.bytesPerSecond = bytesPerSecond;
            this.group = group;
        }

        void run(int seconds, long serverPid) throws Exception {
            List<ClientFactory> factories = new ArrayList<>();
            List<Device> all = new ArrayList<>();
            int spreadMs = Math.max(3000, devices * 1000 / JOINS_PER_SECOND);
            for (int i = 0; i < devices; i++) {
                // A player's receive window is a few seconds of audio, not Armeria's default megabytes.
                ClientFactory f = ClientFactory.builder().workerGroup(group, false).idleTimeoutMillis(0)
                        .http2InitialConnectionWindowSize(WINDOW_BYTES).http2InitialStreamWindowSize(WINDOW_BYTES)
                        .build();
                factories.add(f);
                Device d = new Device(this, "bench-device-" + i, WebClient.builder("h2c://" + base.replaceFirst("^https?://", ""))
                        .factory(f).responseTimeoutMillis(0).maxResponseLength(0).build(), group.next());
                all.add(d);
                // Devices join over a few seconds, as a real fleet would not connect in one instant.
                d.loop.schedule(d::play, ThreadLocalRandom.current().nextInt(spreadMs), TimeUnit.MILLISECONDS);
            }
            Thread.sleep(spreadMs + 3000L); // all joined and past their prebuffer
            int behindAtStart = underrunStreams.get();
            long[] c0 = MachineLoad.processTicks(serverPid);
            long client0 = MachineLoad.selfCpuNanos();
            long b0 = bytes.sum();
            long w0 = System.nanoTime();
            int u0 = underruns.get();
            Thread.sleep(seconds * 1000L);
            long w1 = System.nanoTime();
            long[] c1 = MachineLoad.processTicks(serverPid);
            long client1 = MachineLoad.selfCpuNanos();
            long b1 = bytes.sum();
            int u1 = underruns.get();
            stopping = true;
            double wallS = (w1 - w0) / 1e9;
            double serverCpuPct = MachineLoad.processCpuPercent(c0, c1, wallS);
            double clientCpuPct = (client1 - client0) / 1e9 / wallS * 100;
            double mbps = (b1 - b0) * 8 / 1e6 / wallS;
            boolean anyStarted = startLatencies.count() > 0;
            long p50 = anyStarted ? Math.round(startLatencies.percentileMillis(50)) : -1;
            long p99 = anyStarted ? Math.round(startLatencies.percentileMillis(99)) : -1;
            System.out.printf(Locale.ROOT,
                    "devices=%d streams_behind=%d behind_during_ramp=%d underruns_in_window=%d failures=%d throughput_mbps=%.1f "
                            + "expected_mbps=%.1f server_cpu_pct=%.1f server_cpu_pct_per_stream=%.3f client_cpu_pct=%.1f "
                            + "prebuffer_ms_p50=%d prebuffer_ms_p99=%d%n",
                    devices, underrunStreams.get(), behindAtStart, u1 - u0, failures.get(), mbps, devices * bytesPerSecond * 8 / 1e6,
                    serverCpuPct, serverCpuPct / devices, clientCpuPct, p50, p99);
            if (!causes.isEmpty()) {
                System.out.println("  failure causes: " + causes);
            }
            System.out.flush();
            all.forEach(Device::stop);
            for (ClientFactory f : factories) {
                f.closeAsync();
            }
        }
    }

    /** One player: a stream at a time, consumed at the bit rate. */
    static final class Device implements Subscriber<HttpObject> {
        final Step step;
        final String id;
        final WebClient client;
        final EventLoop loop;
        Subscription subscription;
        HttpResponse response;
        long requested0;
        long received;
        long playStart; // nanos when playback began; 0 while prebuffering
        boolean behind;
        boolean pending;

        Device(Step step, String id, WebClient client, EventLoop loop) {
            this.step = step;
            this.id = id;
            this.client = client;
            this.loop = loop;
        }

        void play() {
            if (step.stopping) {
                return;
            }
            String track = step.trackIds.get(ThreadLocalRandom.current().nextInt(step.trackIds.size()));
            String path = step.urls.sign(track, id, Instant.now().plusSeconds(3600));
            received = 0;
            playStart = 0;
            requested0 = System.nanoTime();
            response = client.execute(RequestHeaders.of(HttpMethod.GET, path));
            response.subscribe(this, loop);
        }

        void stop() {
            loop.execute(() -> {
                if (subscription != null) {
                    subscription.cancel();
                }
            });
        }

        /** Seconds of audio buffered but not yet played, at {@code now}. */
        double buffered(long now) {
            if (playStart == 0) {
                return (double) received / step.bytesPerSecond;
            }
            double played = (now - playStart) / 1e9 * step.bytesPerSecond;
            return (received - played) / step.bytesPerSecond;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(HttpObject o) {
            long now = System.nanoTime();
            if (o instanceof ResponseHeaders h) {
                if (h.status().code() >= 300) {
                    step.failures.incrementAndGet();
                }
                subscription.request(1);
                return;
            }
            if (!(o instanceof HttpData data)) {
                subscription.request(1);
                return;
            }
            if (playStart != 0 && buffered(now) < 0) {
                // Playback ran dry before this chunk came: the stream fell behind real time.
                step.underruns.incrementAndGet();
                if (!behind) {
                    behind = true;
                    step.underrunStreams.incrementAndGet();
                }
                playStart = now - (long) (received * 1e9 / step.bytesPerSecond); // resume from here
            }
            received += data.length();
            step.bytes.add(data.length());
            if (playStart == 0 && received >= PREBUFFER_S * step.bytesPerSecond) {
                playStart = now;
                step.startLatencies.recordNanos(now - requested0);
            }
            demand(now);
        }

        private void demand(long now) {
            double b = buffered(now);
            if (playStart == 0 || b < HIGH_WATER_S) {
                subscription.request(1);
            } else if (!pending) {
                pending = true;
                long waitMs = (long) ((b - HIGH_WATER_S) * 1000) + 1;
                loop.schedule(() -> {
                    pending = false;
                    if (!step.stopping) {
                        demand(System.nanoTime());
                    }
                }, waitMs, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void onError(Throwable t) {
            if (!step.stopping) {
                step.failures.incrementAndGet();
                Throwable root = t;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                step.causes.computeIfAbsent(root.getClass().getSimpleName(), k -> new LongAdder()).increment();
            }
        }

        @Override
        public void onComplete() {
            // The track ended: the next one starts when this one has played out.
            long waitMs = Math.max(0, (long) (buffered(System.nanoTime()) * 1000));
            loop.schedule(this::play, waitMs, TimeUnit.MILLISECONDS);
        }
    }
}
