package dev.opencic.server.transport;

import dev.opencic.server.admission.RequestSlot;
import dev.opencic.server.admission.Stage;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.DeviceIdentity;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What one event holds of the server's bounded resources: its device's spoken-request share, a
 * synthesis slot, and its slot in the intent stage. Taken before the handler runs (so a refusal
 * changes nothing), given back when the work is done or the request is over. Used on the
 * request's event loop only; every method is idempotent.
 */
final class EventAdmission {

    private final EventLimits limits;
    private final SpokenRequests spoken;
    private final String deviceKey;
    private final long deadlineNanos;
    private RequestSlot work;
    private Stage.Ticket synthesis;
    private boolean spokenCounted;
    /** Let in by the cheap lane: the synthesis stage was full, no slot was taken. */
    private boolean cheapLane;

    EventAdmission(EventLimits limits, SpokenRequests spoken, DeviceIdentity device, long deadlineNanos) {
        this.limits = limits;
        this.spoken = spoken;
        this.deviceKey = device.accountId() + '/' + device.deviceId();
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Admits the event before its handler runs: a spoken request counts against its device's share
     * ({@code 429}), an event answered with speech takes a synthesis slot ({@code 503}) unless it is
     * {@code cheap} (its last answer needed no synthesis: see {@link CheapAnswers}) and none is free.
     *
     * @return the handler's blocking executor: for audio events the shared one (decoding is bounded
     *         by the recognisers), else a slot of the intent stage admitted on its first task
     */
    Executor admit(String eventName, boolean acceptsAudio, boolean cheap, Executor shared,
                   Consumer<CicException> refused) {
        try {
            if (acceptsAudio) {
                spoken.begin(deviceKey);
                spokenCounted = true;
            }
            if (limits.speakingEvents().contains(eventName)) {
                try {
                    synthesis = limits.synthesis().admit(deadlineNanos);
                } catch (CicException busy) {
                    if (!cheap) {
                        throw busy;
                    }
                    // The cheap lane: its answer was cached last time; a slot is asked for at reply time if not.
                    cheapLane = true;
                }
            }
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        if (acceptsAudio) {
            return shared;
        }
        work = new RequestSlot(limits.intent(), deadlineNanos, refused);
        return work;
    }

    /**
     * The synthesis slot for writing a reply: kept when an attachment must be produced, given back
     * when every attachment was cached. One taken only now (a request let in by the cheap lane, or an
     * event nobody announced as speaking) is {@linkplain Stage#admitOwed owed}: the handler has acted,
     * so the answer goes ahead of the queue rather than being refused.
     *
     * @throws CicException {@code 503} when one is needed and even the owed reserve is exhausted
     */
    Stage.Ticket synthesisFor(boolean produces) {
        if (!produces && synthesis != null) {
            synthesis.release();
        } else if (produces && synthesis == null) {
            synthesis = limits.synthesis().admitOwed(deadlineNanos);
        }
        return synthesis;
    }

    /** Whether the request was let in by the cheap lane, past a full synthesis stage. */
    boolean cheapLane() {
        return cheapLane;
    }

    /** The handler is done: its blocking work and its recogniser are over. */
    void handled() {
        if (work != null) {
            work.release();
        }
        endSpoken();
    }

    /** Gives back everything. */
    void release() {
        handled();
        if (synthesis != null) {
            synthesis.release();
        }
    }

    /** The request is gone: drops its queued work and gives back everything. */
    void cancel() {
        if (work != null) {
            work.cancel();
        }
        if (synthesis != null) {
            synthesis.cancel();
        }
        endSpoken();
    }

    private void endSpoken() {
        if (spokenCounted) {
            spokenCounted = false;
            spoken.end(deviceKey);
        }
    }
}
