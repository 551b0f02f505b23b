package dev.opencic.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler for {@link CicClient.Builder#executors} whose time the test moves: a task asked for
 * without delay runs at once; one with a delay waits, with the delay recorded, until {@link
 * #runDelayed} runs it. So a test sees what the client asked to wait, and nothing delayed can
 * happen behind its back.
 */
final class ManualScheduler extends ScheduledThreadPoolExecutor {

    /** One delayed task: how long the client asked to wait, and the placeholder future it holds. */
    record Delayed(Duration delay, Runnable task, ScheduledFuture<?> future) {}

    private final List<Delayed> delayed = new ArrayList<>();

    ManualScheduler() {
        super(1, r -> {
            Thread t = new Thread(r, "test-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (delay <= 0) {
            return super.schedule(command, 0, unit);
        }
        // a placeholder the client can cancel, far enough away never to fire by itself
        ScheduledFuture<?> placeholder = super.schedule(() -> {}, 1, TimeUnit.DAYS);
        delayed.add(new Delayed(Duration.ofNanos(unit.toNanos(delay)), command, placeholder));
        return placeholder;
    }

    /** The delays asked for so far that are still pending, in order. */
    synchronized List<Duration> pendingDelays() {
        return delayed.stream().filter(d -> !d.future().isCancelled()).map(Delayed::delay).toList();
    }

    /** Runs (on this scheduler's thread) every pending task whose delay is at most {@code upTo}. */
    synchronized void runDelayed(Duration upTo) {
        for (Delayed d : List.copyOf(delayed)) {
            if (d.delay().compareTo(upTo) <= 0 && d.future().cancel(false)) {
                delayed.remove(d);
                super.schedule(d.task(), 0, TimeUnit.NANOSECONDS);
            }
        }
    }
}
