package dev.opencic.server.speech.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthesis slots: one in the server's own process (flite through JNA, today's single flite thread)
 * plus {@code processes} flite worker processes, each owning its own flite, so that as many
 * sentences are synthesised at once as there are slots. flite keeps process-wide state (one
 * registered voice object per voice library, {@code cst_errjmp}, {@code rand()}), so parallelism
 * needs processes. A text never waits for a slot: it goes to the slot with the fewest texts in
 * progress, where it takes turns sentence by sentence with them, as all texts did on the single
 * flite thread before; so first bytes come as early as before, or earlier.
 *
 * <p>Workers start in the background the first time a text arrives while another is in progress,
 * not when the engine is built: a server that never speaks two texts at once (a test, a quiet
 * home) starts none, and the in-process slot serves while they boot (a second or two). A
 * worker that dies is replaced; one that cannot start is retried a few times, then left out with
 * an error in the log (the other slots keep serving).
 */
public final class WorkerPool implements AutoCloseable {

    /** The slot that synthesises in the server's own process. */
    public static final Object IN_PROCESS = new Object() {
        @Override
        public String toString() {
            return "in-process flite";
        }
    };

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    private static final int MAX_START_FAILURES = 3;
    private static final long READY_TIMEOUT_MILLIS = 60_000;

    private final List<String> command;
    private final int processes;
    /** The running workers, in start order. */
    private final List<WorkerProcess> live = new CopyOnWriteArrayList<>();
    /** Texts in progress on the in-process slot. */
    private final AtomicInteger inProcess = new AtomicInteger();
    private final AtomicInteger turn = new AtomicInteger();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicInteger startFailures = new AtomicInteger();
    private final AtomicInteger requestIds = new AtomicInteger();
    private final ExecutorService starter;
    private final WorkerProcess.Listener listener = new WorkerProcess.Listener() {
        @Override
        public void died(WorkerProcess worker) {
            if (live.remove(worker) && !closed) {
                log.warn("event=FliteWorkerDied pid={} action=replace", worker.pid());
                startOneLater();
            }
        }
    };
    private volatile boolean closed;

    /**
     * @param command    the worker's command line (java, class path, main class, voice settings)
     * @param processes  how many worker processes besides the in-process slot, 0 or more
     */
    public WorkerPool(List<String> command, int processes) {
        this.command = List.copyOf(command);
        this.processes = processes;
        this.starter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "flite-worker-starter");
            t.setDaemon(true);
            return t;
        });
    }

    /** Slots in all: the in-process one plus the worker processes. */
    public int size() {
        return 1 + processes;
    }

    /**
     * The slot with the fewest texts in progress, {@link #IN_PROCESS} or a {@link WorkerProcess}
     * (the in-process slot on a tie, workers in turn among themselves); never waits. Give {@link #IN_PROCESS} back with {@link #release}
     * (a worker counts its own requests).
     */
    public Object acquire() {
        // the in-process slot wins ties: it has no pipe to cross, so a lone text starts soonest there
        Object best = IN_PROCESS;
        int bestLoad = inProcess.get();
        List<WorkerProcess> workers = live;
        int n = workers.size();
        int first = n == 0 ? 0 : Math.floorMod(turn.getAndIncrement(), n);
        for (int k = 0; k < n && bestLoad > 0; k++) {
            WorkerProcess w;
            try {
                w = workers.get((first + k) % n);
            } catch (IndexOutOfBoundsException e) {
                continue; // one died meanwhile
            }
            int load = w.inFlight();
            if (load < bestLoad && w.isAlive()) {
                best = w;
                bestLoad = load;
            }
        }
        // counted before it is checked, so of two texts arriving together one sees the other
        if (best == IN_PROCESS && inProcess.incrementAndGet() > 1
                && processes > 0 && started.compareAndSet(false, true)) {
            for (int i = 0; i < processes; i++) {
                startOneLater();
            }
        }
        return best;
    }

    /** Ends a text on {@link #IN_PROCESS}; nothing to do for a worker. */
    public void release(Object slot) {
        if (slot == IN_PROCESS) {
            inProcess.decrementAndGet();
        }
    }

    /** A fresh id for a worker request. */
    public int nextRequestId() {
        return requestIds.updateAndGet(i -> i == Integer.MAX_VALUE ? 1 : i + 1);
    }

    /** The process ids of the running workers. */
    public List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        live.forEach(w -> pids.add(w.pid()));
        return pids;
    }

    private void startOneLater() {
        if (closed) {
            return;
        }
        try {
            starter.execute(this::startOne);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void startOne() {
        if (closed) {
            return;
        }
        try {
            WorkerProcess w = WorkerProcess.start(command, READY_TIMEOUT_MILLIS, listener);
            live.add(w);
            if (closed) { // close() may have missed it
                live.remove(w);
                w.kill();
                return;
            }
            startFailures.set(0);
            log.info("event=FliteWorkerStarted pid={} workers={}", w.pid(), live.size());
        } catch (IOException e) {
            int failures = startFailures.incrementAndGet();
            if (failures < MAX_START_FAILURES) {
                log.warn("event=FliteWorkerStartFailed attempt={} cause=\"{}\" action=retry", failures, e.getMessage());
                sleepQuietly(1000L * failures);
                startOneLater();
            } else {
                log.error("event=FliteWorkerStartFailed attempt={} cause=\"{}\" action=give-up"
                        + " (synthesis continues on the slots that run)", failures, e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every worker process and waits (a few seconds at most) until they are gone. */
    @Override
    public void close() {
        closed = true;
        starter.shutdownNow();
        try {
            starter.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<WorkerProcess> all = new ArrayList<>(live);
        live.clear();
        all.parallelStream().forEach(w -> w.stop(500));
    }
}
