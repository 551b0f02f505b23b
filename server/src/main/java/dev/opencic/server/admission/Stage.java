package dev.opencic.server.admission;

import com.linecorp.armeria.common.HttpStatus;
import dev.opencic.server.api.CicException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One kind of expensive work (speech synthesis, intent and skill work) with its own threads and a
 * bounded backlog. A request is admitted with a {@link Ticket} or refused at once with {@code 503}
 * and {@code Retry-After}: when every thread and queue slot is taken, or when the work queued ahead
 * of it (estimated from recent task durations) would keep it waiting longer than the stage's max
 * wait or would not leave it time to finish before its deadline. Admitted work whose request has
 * gone away, or whose deadline has passed by the time a thread picks it up, is dropped instead of
 * run.
 *
 * <p>Capacity is counted in tickets, not tasks: a ticket holds one slot from admission until it is
 * {@linkplain Ticket#release() released}, however many tasks it runs, so the backlog is bounded by
 * requests admitted rather than by what they happen to have queued so far.
 *
 * <p>{@linkplain #admitOwed Owed} tickets are for requests that have already acted (their handler ran)
 * and only need this stage to finish their answer: refusing them then would answer {@code 503} for a
 * change that was made. They have a reserve of their own as large as the stage, and their tasks go to
 * the head of the queue, so they are neither refused for the ordinary backlog nor wait behind it.
 */
public final class Stage implements AutoCloseable {

    private final String name;
    private final int threads;
    private final int capacity;
    private final long maxWaitNanos;
    private final Semaphore slots;
    private final Semaphore owedSlots;
    private final LinkedBlockingDeque<Runnable> queue = new LinkedBlockingDeque<>();
    private final ThreadPoolExecutor executor;
    /** Exponentially weighted mean task duration, nanoseconds; 0 until something ran. */
    private final AtomicLong meanTaskNanos = new AtomicLong();
    private final Counter shed;
    private final Counter cancelled;
    private final Counter expired;

    /**
     * @param maxWait the longest a request may expect to wait for a thread before it is refused: a
     *                bound on latency under overload that does not depend on the event timeout
     */
    public Stage(String name, int threads, int queue, Duration maxWait, MeterRegistry meters) {
        if (threads < 1 || queue < 0 || maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("stage " + name + ": threads " + threads + " (expected >= 1), queue "
                    + queue + " (expected >= 0), max wait " + maxWait + " (expected > 0)");
        }
        this.maxWaitNanos = maxWait.toNanos();
        this.name = name;
        this.threads = threads;
        this.capacity = threads + queue;
        this.slots = new Semaphore(capacity);
        this.owedSlots = new Semaphore(capacity);
        AtomicInteger threadNo = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, this.queue,
                r -> {
                    Thread t = new Thread(r, "cic-" + name + "-" + threadNo.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        // Owed tasks are put at the head of the queue directly, which only works while every thread
        // is running and none ever retires (core threads do not time out by default).
        executor.prestartAllCoreThreads();
        Gauge.builder("cic.stage.admitted", this, Stage::admitted).tag("stage", name)
                .description("Requests holding a slot of the stage (running or queued)").register(meters);
        Gauge.builder("cic.stage.capacity", () -> capacity).tag("stage", name)
                .description("Threads plus queue slots of the stage").register(meters);
        shed = Counter.builder("cic.stage.shed").tag("stage", name)
                .description("Requests refused with 503 because the stage was full or too slow for their deadline")
                .register(meters);
        cancelled = Counter.builder("cic.stage.cancelled").tag("stage", name)
                .description("Admitted work dropped because its request was reset or abandoned").register(meters);
        expired = Counter.builder("cic.stage.expired").tag("stage", name)
                .description("Admitted work dropped because its deadline passed before a thread was free")
                .register(meters);
    }

    public String name() {
        return name;
    }

    /** Requests holding a slot now, owed ones included. */
    public int admitted() {
        return 2 * capacity - slots.availablePermits() - owedSlots.availablePermits();
    }

    public int capacity() {
        return capacity;
    }

    public double cancelledCount() {
        return cancelled.count();
    }

    public double shedCount() {
        return shed.count();
    }

    /**
     * Admits a request with this deadline ({@link System#nanoTime()} based; {@link Long#MAX_VALUE}
     * for none).
     *
     * @throws CicException {@code 503} with a retry-after when the stage is full or too slow
     */
    public Ticket admit(long deadlineNanos) {
        long mean = meanTaskNanos.get();
        if (mean > 0) {
            int admitted = admitted();
            // Full rounds of the stage's threads that the tickets already admitted take before this one.
            if ((long) (admitted / threads) * mean > maxWaitNanos) {
                shed.increment();
                throw busy("the work queued ahead would take over " + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos)
                        + " ms");
            }
            long ahead = (long) Math.ceil((double) admitted / threads);
            if (deadlineNanos != Long.MAX_VALUE && (ahead + 1) * mean > deadlineNanos - System.nanoTime()) {
                shed.increment();
                throw busy("the answer would not be ready before the event timeout");
            }
        }
        if (!slots.tryAcquire()) {
            shed.increment();
            throw busy("all " + capacity + " slots are taken");
        }
        return new Ticket(deadlineNanos, slots, false);
    }

    /**
     * Admits a request that has already acted and owes its device an answer (see the class comment):
     * not refused for the backlog or the deadline estimate, only when the owed reserve itself (as
     * many as the stage's capacity) is exhausted; its tasks run before every queued ordinary task.
     *
     * @throws CicException {@code 503} with a retry-after when the owed reserve is exhausted
     */
    public Ticket admitOwed(long deadlineNanos) {
        if (!owedSlots.tryAcquire()) {
            shed.increment();
            throw busy("all " + capacity + " slots for answers already owed are taken");
        }
        return new Ticket(deadlineNanos, owedSlots, true);
    }

    /**
     * Runs work that is never refused on the stage's threads, behind what is queued and without a
     * slot: speech pushed on a downchannel (a reminder that came due, an announcement), which
     * otherwise would be synthesised on threads of its own, beside the stage, however loaded it is.
     */
    public Executor background() {
        return task -> executor.execute(() -> {
            long start = System.nanoTime();
            try {
                task.run();
            } finally {
                record(System.nanoTime() - start);
            }
        });
    }

    private CicException busy(String why) {
        long mean = Math.max(meanTaskNanos.get(), TimeUnit.MILLISECONDS.toNanos(200));
        long waitNanos = (long) Math.ceil((double) capacity / threads) * mean;
        long seconds = Math.max(1, Math.min(30, TimeUnit.NANOSECONDS.toSeconds(waitNanos) + 1));
        return new CicException(HttpStatus.SERVICE_UNAVAILABLE, name + " is busy (" + why + "); try again in "
                + seconds + " s", Duration.ofSeconds(seconds));
    }

    private void record(long nanos) {
        // A mean weighted 1/8 towards the latest task: follows load changes within a few tasks.
        meanTaskNanos.updateAndGet(m -> m == 0 ? nanos : m + (nanos - m) / 8);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /**
     * One admitted request's slot. Runs that request's tasks on the stage's threads; {@link #cancel()}
     * drops tasks not yet started, {@link #release()} gives the slot back. Both are idempotent.
     */
    public final class Ticket implements Executor {
        private final long deadlineNanos;
        private final Semaphore heldFrom;
        private final boolean owed;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile boolean cancelledByClient;

        private Ticket(long deadlineNanos, Semaphore heldFrom, boolean owed) {
            this.deadlineNanos = deadlineNanos;
            this.heldFrom = heldFrom;
            this.owed = owed;
        }

        public Stage stage() {
            return Stage.this;
        }

        /** Runs {@code task} on the stage; see {@link #execute(Runnable, Consumer)}. */
        @Override
        public void execute(Runnable task) {
            execute(task, refusal -> { });
        }

        /**
         * Runs {@code task} on the stage. A task picked up after the request was cancelled is not run
         * (counted as cancelled); one picked up when its deadline is too close to finish (its expected
         * duration from recent tasks) is not run either, and {@code refused} gets the {@code 503} to
         * answer with instead.
         */
        public void execute(Runnable task, Consumer<CicException> refused) {
            if (cancelledByClient) {
                cancelled.increment();
                return;
            }
            // A task chained after release (late skill work) still runs here, only without a slot.
            Runnable run = () -> {
                if (cancelledByClient) {
                    cancelled.increment();
                    return;
                }
                if (deadlineNanos != Long.MAX_VALUE && deadlineNanos - System.nanoTime() < meanTaskNanos.get()) {
                    expired.increment();
                    refused.accept(new CicException(HttpStatus.SERVICE_UNAVAILABLE, name
                            + " is busy (the answer would not be ready before the event timeout)", Duration.ofSeconds(1)));
                    return;
                }
                long start = System.nanoTime();
                try {
                    task.run();
                } finally {
                    record(System.nanoTime() - start);
                }
            };
            if (owed && !executor.isShutdown()) {
                queue.addFirst(run);
            } else {
                executor.execute(run);
            }
        }

        /** The request was reset or abandoned: tasks not started yet are dropped. Releases the slot. */
        public void cancel() {
            cancelledByClient = true;
            release();
        }

        public boolean isCancelled() {
            return cancelledByClient;
        }

        /** Gives the slot back; tasks already handed over still run (unless cancelled). */
        public void release() {
            if (released.compareAndSet(false, true)) {
                heldFrom.release();
            }
        }
    }
}
