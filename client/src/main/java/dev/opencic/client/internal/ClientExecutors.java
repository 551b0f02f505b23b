package dev.opencic.client.internal;

import dev.opencic.client.SharedThreads;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads one client runs on, none of them its own: a scheduler that only times things
 * (reconnect backoff, token refresh, attachment and alert timers) and hands each task to an
 * executor, and a pool of workers for the blocking work (reading the downchannel, sending events,
 * running agents, playing audio), with {@link SerialExecutor} channels on top where order
 * matters. By default both are {@link SharedThreads}, shared by every client of the process; an
 * app can pass its own. Closing stops this client's channels and timers, never the shared threads.
 */
public final class ClientExecutors implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClientExecutors.class);

    private final ScheduledExecutorService scheduler;
    private final Executor workers;
    private final Set<Future<?>> timers = ConcurrentHashMap.newKeySet();
    private final Set<SerialExecutor> channels = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Executors for one client: {@code scheduler} and {@code workers}, or the shared ones where null. */
    public ClientExecutors(ScheduledExecutorService scheduler, Executor workers) {
        this.scheduler = scheduler != null ? scheduler : SharedThreads.scheduler();
        this.workers = workers != null ? workers : SharedThreads.workers();
    }

    /** The workers, for one-off blocking work that needs no order. */
    public Executor workers() {
        return workers;
    }

    /** A new channel on the workers; closed with this object. */
    public SerialExecutor serial(String name) {
        SerialExecutor channel = new SerialExecutor(name, workers);
        channels.add(channel);
        if (closed) {
            channel.close();
        }
        return channel;
    }

    /**
     * Runs {@code task} on {@code executor} after {@code delay}; the future cancels it. Cancelled
     * when this object closes. A task the executor refuses (it closed meanwhile) is dropped.
     */
    public Future<?> schedule(Runnable task, Duration delay, Executor executor) {
        if (closed) {
            throw new RejectedExecutionException("client is closed");
        }
        AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
        Runnable hop = () -> {
            ScheduledFuture<?> f = self.get();
            if (f != null) {
                timers.remove(f);
            }
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                log.debug("event=TimerDropped reason={}", e.getMessage());
            }
        };
        ScheduledFuture<?> future = scheduler.schedule(hop, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        self.set(future);
        timers.add(future);
        if (future.isDone()) {
            timers.remove(future); // it ran before it could remove itself
        }
        return future;
    }

    @Override
    public void close() {
        closed = true;
        channels.forEach(SerialExecutor::close);
        timers.forEach(f -> f.cancel(false));
        timers.clear();
    }
}
