package dev.opencic.server.speech.asr;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's decoders, built once and leased one utterance at a time: a free decoder goes to the
 * longest-waiting caller (FIFO), a caller waits at most its {@code maxWait}, and a decoder comes back
 * clean: one abandoned mid-utterance is ended, one whose native call failed is rebuilt, on a
 * maintenance thread so that no request thread pays for it. If rebuilding fails the pool shrinks.
 */
final class DecoderPool {

    /** Turns a leased decoder into the session its caller gets. */
    interface Sessions {
        RecognitionSession create(PocketSphinxDecoder decoder, String channel);
    }

    /** Builds a fresh decoder to replace a broken one with the same id; throws when it cannot. */
    interface Rebuilder {
        PocketSphinxDecoder rebuild(int id);
    }

    private static final Logger log = LoggerFactory.getLogger(DecoderPool.class);
    static final String CLOSED = "the speech recognition engine is closed";

    private final Sessions sessions;
    /** Replaced with the decoders ({@link #replaceAll}): a broken decoder is rebuilt from the newest model. */
    private volatile Rebuilder rebuilder;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<PocketSphinxDecoder> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final List<PocketSphinxDecoder> all = new ArrayList<>();
    /** Busy decoders of a replaced model: freed when their session ends, never handed on. */
    private final java.util.Set<PocketSphinxDecoder> retired = java.util.Collections.newSetFromMap(
            new java.util.IdentityHashMap<>());
    private int busy;
    private boolean closed;
    private final ScheduledExecutorService timer;
    private final ExecutorService maintenance;

    private static final class Waiter {
        final CompletableFuture<RecognitionSession> future = new CompletableFuture<>();
        final String channel;
        ScheduledFuture<?> timeout;

        Waiter(String channel) {
            this.channel = channel;
        }
    }

    DecoderPool(List<PocketSphinxDecoder> decoders, Sessions sessions, Rebuilder rebuilder) {
        this.sessions = sessions;
        this.rebuilder = rebuilder;
        all.addAll(decoders);
        idle.addAll(decoders);
        AtomicInteger threadNo = new AtomicInteger();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "asr-pool-timeout"));
        this.maintenance = Executors.newCachedThreadPool(r -> daemon(r, "asr-decoder-" + threadNo.incrementAndGet()));
    }

    /** Decoders alive in the pool (idle or busy). */
    int size() {
        return underLock(all::size);
    }

    int busy() {
        return underLock(() -> busy);
    }

    int waiting() {
        return underLock(waiters::size);
    }

    boolean isClosed() {
        return underLock(() -> closed);
    }

    private <T> T underLock(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /** A session on a free decoder now, or after waiting behind earlier callers for at most {@code maxWait}. */
    CompletableFuture<RecognitionSession> lease(String channel, Duration maxWait) {
        Waiter w;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new RecognizerUnavailableException(CLOSED));
            }
            if (waiters.isEmpty() && !idle.isEmpty()) {
                busy++;
                return CompletableFuture.completedFuture(sessions.create(idle.poll(), channel));
            }
            if (maxWait.isZero() || maxWait.isNegative()) {
                return CompletableFuture.failedFuture(new RecognizerBusyException(all.size(), maxWait));
            }
            w = new Waiter(channel);
            waiters.add(w);
            w.timeout = timer.schedule(() -> expire(w, maxWait), maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
        // a caller that gives up (cancels) leaves the queue at once
        w.future.whenComplete((s, e) -> {
            if (w.future.isCancelled()) {
                lock.lock();
                try {
                    waiters.remove(w);
                } finally {
                    lock.unlock();
                }
                w.timeout.cancel(false);
            }
        });
        return w.future;
    }

    private void expire(Waiter w, Duration waited) {
        boolean removed;
        lock.lock();
        try {
            removed = waiters.remove(w);
        } finally {
            lock.unlock();
        }
        if (removed) {
            w.future.completeExceptionally(new RecognizerBusyException(size(), waited));
        }
    }

    /**
     * Called by a session exactly once, when it is over. A decoder still in an utterance (cancelled)
     * is ended on a maintenance thread, a broken one rebuilt there; then it goes to the longest
     * waiting session or back to the idle set.
     */
    void release(PocketSphinxDecoder d, long lease) {
        if (d.lease() != lease) {
            log.error("decoder {} released by a stale session (lease {} != {}): ignored", d.id(), lease, d.lease());
            return;
        }
        d.newLease(); // the old session can no longer touch it
        if (retire(d)) {
            return;
        }
        if (!d.broken() && !d.inUtterance()) {
            handOff(d);
            return;
        }
        try {
            maintenance.execute(() -> finishAndHandOff(d));
        } catch (RejectedExecutionException e) { // the pool is closed
            lock.lock();
            try {
                busy--;
                all.remove(d);
            } finally {
                lock.unlock();
            }
            d.free();
        }
    }

    /**
     * Swaps in decoders built from a new model: idle old ones are freed now, busy ones when their
     * utterance ends (it finishes on the model it started with); waiting callers get the new ones.
     */
    void replaceAll(List<PocketSphinxDecoder> fresh, Rebuilder freshRebuilder) {
        List<PocketSphinxDecoder> freed = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                freed.addAll(fresh);
            } else {
                freed.addAll(idle);
                all.removeAll(idle);
                idle.clear();
                retired.addAll(all);
                all.addAll(fresh);
                idle.addAll(fresh);
                rebuilder = freshRebuilder;
            }
        } finally {
            lock.unlock();
        }
        freed.forEach(PocketSphinxDecoder::free);
        while (true) {
            PocketSphinxDecoder d;
            lock.lock();
            try {
                if (waiters.isEmpty() || idle.isEmpty()) {
                    return;
                }
                d = idle.poll();
                busy++;
            } finally {
                lock.unlock();
            }
            handOff(d);
        }
    }

    /** Frees a decoder of a replaced model when its session is over; false for a current one. */
    private boolean retire(PocketSphinxDecoder d) {
        lock.lock();
        try {
            if (!retired.remove(d)) {
                return false;
            }
            busy--;
            all.remove(d);
        } finally {
            lock.unlock();
        }
        d.free();
        return true;
    }

    /** On a maintenance thread: ends an abandoned utterance, rebuilds a broken decoder, hands it on. */
    private void finishAndHandOff(PocketSphinxDecoder d) {
        PocketSphinxDecoder ready = d;
        if (d.inUtterance() && !d.broken()) {
            try {
                d.endUtterance();
            } catch (RuntimeException e) {
                d.markBroken();
            }
        }
        if (d.broken()) {
            ready = rebuild(d);
        }
        if (ready != null) {
            handOff(ready);
        }
    }

    private PocketSphinxDecoder rebuild(PocketSphinxDecoder d) {
        log.warn("decoder {} failed: rebuilding it", d.id());
        try {
            d.free();
        } catch (RuntimeException e) {
            log.warn("freeing decoder {} failed", d.id(), e);
        }
        PocketSphinxDecoder fresh = null;
        try {
            fresh = rebuilder.rebuild(d.id());
        } catch (RuntimeException e) {
            log.error("decoder {} could not be rebuilt: the pool shrinks", d.id(), e);
        }
        lock.lock();
        try {
            all.remove(d);
            if (fresh != null) {
                all.add(fresh);
            } else {
                busy--;
            }
        } finally {
            lock.unlock();
        }
        return fresh;
    }

    private void handOff(PocketSphinxDecoder d) {
        while (true) {
            Waiter w;
            lock.lock();
            try {
                if (closed) {
                    busy--;
                    all.remove(d);
                    d.free();
                    return;
                }
                w = waiters.poll();
                if (w == null) {
                    busy--;
                    idle.add(d);
                    return;
                }
            } finally {
                lock.unlock();
            }
            w.timeout.cancel(false);
            if (w.future.complete(sessions.create(d, w.channel))) {
                return;
            }
            // that caller gave up in the meantime: next one
        }
    }

    /** Fails waiting callers and frees every idle decoder; busy ones are freed when released. */
    void close() {
        List<Waiter> failed;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            failed = new ArrayList<>(waiters);
            waiters.clear();
            for (PocketSphinxDecoder d : idle) {
                d.free();
                all.remove(d);
            }
            idle.clear();
        } finally {
            lock.unlock();
        }
        for (Waiter w : failed) {
            w.timeout.cancel(false);
            w.future.completeExceptionally(new RecognizerUnavailableException(CLOSED));
        }
        timer.shutdownNow();
        maintenance.shutdown();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
