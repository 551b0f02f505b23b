package dev.opencic.server.transport;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.linecorp.armeria.common.HttpStatus;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node registry: downchannels of the devices connected to this process, in memory.
 * Also enforces the reference's rule against downchannel storms: a device opening more than {@code
 * maxOpens} downchannels within {@code window} is answered {@code 429}. What is counted is a
 * reconnect storm, opens that replace a downchannel still open; a fresh open after the last one
 * closed cleanly starts the count again, so a script running one short command after another
 * ({@code ./cic device say}, each opening and closing its downchannel) is never refused.
 */
public final class LocalDownchannelRegistry implements DownchannelRegistry {

    private static final Logger log = LoggerFactory.getLogger(LocalDownchannelRegistry.class);

    private final ConcurrentHashMap<DeviceIdentity, Downchannel> open = new ConcurrentHashMap<>();
    private final Cache<DeviceIdentity, ArrayDeque<Long>> recentOpens;
    private final List<Consumer<DeviceIdentity>> openListeners = new CopyOnWriteArrayList<>();
    private final int maxOpens;
    private final long windowNanos;
    private final LongSupplier nanoClock;

    public LocalDownchannelRegistry(int maxOpens, Duration window) {
        this(maxOpens, window, System::nanoTime);
    }

    LocalDownchannelRegistry(int maxOpens, Duration window, LongSupplier nanoClock) {
        if (maxOpens < 1) {
            throw new IllegalArgumentException("maxOpens: " + maxOpens + " (expected: >= 1)");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
        }
        this.maxOpens = maxOpens;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
        // Entries vanish a window after the last open, so the limiter holds no memory for idle devices.
        this.recentOpens = Caffeine.newBuilder().expireAfterAccess(window)
                .scheduler(com.github.benmanes.caffeine.cache.Scheduler.systemScheduler()).build();
    }

    /** The answer to a device opening downchannels too often. */
    static CicException tooManyOpens() {
        return new CicException(HttpStatus.TOO_MANY_REQUESTS,
                "too many downchannel requests; keep one downchannel open and retry later");
    }

    @Override
    public void register(Downchannel downchannel) {
        DeviceIdentity device = downchannel.device();
        checkOpenRate(device);
        Downchannel previous = open.put(device, downchannel);
        if (previous != null && previous != downchannel) {
            log.info("event=DownchannelReplaced device={}", device.deviceId());
            previous.close();
        }
        downchannel.whenClosed().handle((v, e) -> {
            open.remove(device, downchannel);
            return null;
        });
        for (Consumer<DeviceIdentity> l : openListeners) {
            try {
                l.accept(device);
            } catch (RuntimeException e) {
                log.warn("event=OpenListenerFailed device={} cause={}", device.deviceId(), e.toString());
            }
        }
    }

    private void checkOpenRate(DeviceIdentity device) {
        boolean replacing = isOpen(device);
        ArrayDeque<Long> times = recentOpens.get(device, d -> new ArrayDeque<>(maxOpens + 1));
        synchronized (times) {
            long now = nanoClock.getAsLong();
            if (!replacing) {
                times.clear(); // nothing open: the device had closed its downchannel, no storm
            }
            while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
                times.pollFirst();
            }
            if (times.size() >= maxOpens) {
                log.info("event=DownchannelRateLimited device={}", device.deviceId());
                throw tooManyOpens();
            }
            times.addLast(now);
        }
    }

    @Override
    public boolean isOpen(DeviceIdentity device) {
        Downchannel d = open.get(device);
        return d != null && d.isOpen();
    }

    @Override
    public void close(DeviceIdentity device, int code, String description) {
        Downchannel d = open.remove(device);
        if (d != null) {
            log.info("event=DownchannelClosedByServer device={} code={}", device.deviceId(), code);
            d.closeWithException(code, description);
        }
    }

    /**
     * Ends this downchannel cleanly, as a newer one of its device would (no {@code System.Exception}):
     * in a cluster, the device opened a newer one on another node. Does nothing to a downchannel
     * that already gave way to a newer one here.
     */
    public void closeReplaced(Downchannel downchannel) {
        if (open.remove(downchannel.device(), downchannel)) {
            log.info("event=DownchannelReplaced device={} elsewhere=true", downchannel.device().deviceId());
            downchannel.close();
        }
    }

    @Override
    public int size() {
        return open.size();
    }

    @Override
    public void addOpenListener(Consumer<DeviceIdentity> listener) {
        openListeners.add(listener);
    }

    @Override
    public CompletableFuture<Boolean> push(DeviceIdentity device, Reply reply) {
        Downchannel d = open.get(device);
        if (d == null || !d.isOpen()) {
            return CompletableFuture.completedFuture(false);
        }
        return d.send(reply);
    }

    @Override
    public CompletableFuture<Boolean> pushConfirmed(DeviceIdentity device, Reply reply) {
        Downchannel d = open.get(device);
        if (d == null || !d.isOpen()) {
            return CompletableFuture.completedFuture(false);
        }
        return d.sendAndConfirm(reply);
    }
}
