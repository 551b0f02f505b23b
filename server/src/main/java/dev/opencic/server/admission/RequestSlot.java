package dev.opencic.server.admission;

import dev.opencic.server.api.CicException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One request's way into a {@link Stage}, admitted on first use: a request that never hands it a
 * task (an acknowledgement, a playback report) never takes a slot, and one that does is admitted
 * or refused before its first task runs, so a refusal comes before anything was changed.
 * {@link #execute} throws the {@code 503} {@link CicException} when the stage is full.
 */
public final class RequestSlot implements Executor {

    private final Stage stage;
    private final long deadlineNanos;
    private final Consumer<CicException> refused;
    private Stage.Ticket ticket;
    private boolean cancelled;

    /**
     * @param refused gets the {@code 503} when an admitted task can no longer finish before the
     *                deadline and is dropped
     */
    public RequestSlot(Stage stage, long deadlineNanos, Consumer<CicException> refused) {
        this.stage = stage;
        this.deadlineNanos = deadlineNanos;
        this.refused = refused;
    }

    @Override
    public void execute(Runnable task) {
        Stage.Ticket t;
        synchronized (this) {
            if (ticket == null) {
                if (cancelled) {
                    return; // the request is over: nobody waits for this
                }
                ticket = stage.admit(deadlineNanos);
            }
            t = ticket;
        }
        t.execute(task, refused);
    }

    /** The request was reset or abandoned: queued tasks are dropped, the slot is given back. */
    public synchronized void cancel() {
        cancelled = true;
        if (ticket != null) {
            ticket.cancel();
        }
    }

    /** The request's work is done: the slot is given back. */
    public synchronized void release() {
        if (ticket != null) {
            ticket.release();
        }
    }
}
