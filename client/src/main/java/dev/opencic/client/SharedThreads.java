package dev.opencic.client;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every {@link CicClient} of the process runs on unless its builder was given others
 * ({@link CicClient.Builder#executors}): one scheduler thread that only times things, and a pool of
 * workers for blocking work that grows with the work in progress and idles out after 60 s. Daemon
 * threads, made on first use, like OkHttp's shared task runner. For an app's own timers that
 * should not cost a thread either (a device's alarms). They cannot be shut down.
 */
public final class SharedThreads {

    private SharedThreads() {}

    private static final class Holder {
        static final ScheduledThreadPoolExecutor SCHEDULER = new ScheduledThreadPoolExecutor(1, daemon("cic-scheduler")) {
            @Override
            public void shutdown() {
                throw new UnsupportedOperationException("the shared scheduler is never shut down");
            }

            @Override
            public List<Runnable> shutdownNow() {
                throw new UnsupportedOperationException("the shared scheduler is never shut down");
            }
        };
        static final ThreadPoolExecutor WORKERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemon("cic-worker")) {
            @Override
            public void shutdown() {
                throw new UnsupportedOperationException("the shared workers are never shut down");
            }

            @Override
            public List<Runnable> shutdownNow() {
                throw new UnsupportedOperationException("the shared workers are never shut down");
            }
        };

        static {
            SCHEDULER.setRemoveOnCancelPolicy(true);
        }
    }

    /** The shared scheduler: its tasks must be short and never block (hand blocking work to {@link #workers()}). */
    public static ScheduledExecutorService scheduler() {
        return Holder.SCHEDULER;
    }

    /** The shared workers, for blocking work. */
    public static ExecutorService workers() {
        return Holder.WORKERS;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
