package dev.opencic.client.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs its tasks one at a time, in submission order, on a shared executor: a channel of work
 * (directives of one lane, callbacks, an agent's state) that needs no thread of its own. While a
 * task runs the channel holds one worker; when it is empty it holds none.
 */
public final class SerialExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final String name;
    private final Executor workers;
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;
    private boolean closed;

    /** A channel called {@code name} (for logs) on {@code workers}. */
    public SerialExecutor(String name, Executor workers) {
        this.name = name;
        this.workers = workers;
    }

    /** @throws RejectedExecutionException once {@link #close()} was called */
    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (closed) {
                throw new RejectedExecutionException(name + " is closed");
            }
            tasks.addLast(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            workers.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                draining = false;
                tasks.remove(task);
            }
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.pollFirst();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                log.error("event=TaskFailed executor={}", name, e);
            }
        }
    }

    /** Refuses new tasks; the ones queued still run (the last callbacks of a closing client). */
    public synchronized void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return name;
    }
}
