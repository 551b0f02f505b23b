package dev.opencic.client.internal;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.DirectiveListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the dialogRequestId rules of the message-queue guide (Manage_Message_Q.md), as the AVS
 * Device SDK's {@code DirectiveProcessor} does:
 * <ul>
 *   <li>the client keeps the latest dialogRequestId ({@link #startDialog});</li>
 *   <li>a directive of any other dialog is dropped when it arrives or when its turn comes;</li>
 *   <li>starting a new dialog drops the queued directives of older dialogs and cancels the one in
 *       flight on the dialog channel;</li>
 *   <li>directives without a dialogRequestId (cloud-initiated) are always processed;</li>
 *   <li>one directive at a time per channel, in arrival order; {@code AudioPlayer} (and any agent
 *       that asks for {@link CapabilityAgent.Channel#AUDIO}) has its own channel, so music goes on
 *       while the dialog continues;</li>
 *   <li>a directive that fails cancels the rest of its dialog.</li>
 * </ul>
 * Each channel is a {@link SerialExecutor} on the client's shared workers (no thread of its own):
 * agents may block; the network threads never run them.
 */
public final class DirectiveSequencer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DirectiveSequencer.class);

    private final Map<String, CapabilityAgent> agents;
    private final DirectiveListener listener;
    private final Executor callbacks;
    private final AgentHost host;
    private final Duration attachmentTimeout;
    private final Lane dialogLane;
    private final Lane audioLane;
    /** Dialogs that failed: later directives of them are dropped. Bounded, oldest forgotten. */
    private final Set<String> failedDialogs = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 64;
        }
    });
    private String currentDialog;
    private boolean closed;
    /** Told of each directive as its turn comes, before its agent (the client's ExpectSpeech bookkeeping). */
    private volatile java.util.function.Consumer<RealReceivedDirective> beforeDispatch = d -> {};

    /** A sequencer dispatching to {@code agents} by namespace; listener calls go through {@code callbacks}. */
    public DirectiveSequencer(Map<String, CapabilityAgent> agents, DirectiveListener listener, Executor callbacks,
                              AgentHost host, Duration attachmentTimeout, ClientExecutors executors) {
        this.agents = Map.copyOf(agents);
        this.listener = listener;
        this.callbacks = callbacks;
        this.host = host;
        this.attachmentTimeout = attachmentTimeout;
        this.dialogLane = new Lane(executors.serial("cic-directives-dialog"));
        this.audioLane = new Lane(executors.serial("cic-directives-audio"));
    }

    /**
     * Sets what is told of each directive when its turn comes on its channel, just before its agent
     * handles it (or the listener hears it is unhandled); it must not block.
     */
    public void beforeDispatch(java.util.function.Consumer<RealReceivedDirective> hook) {
        this.beforeDispatch = java.util.Objects.requireNonNull(hook, "hook");
    }

    /** The latest dialogRequestId, or null before the first dialog. */
    public synchronized String currentDialog() {
        return currentDialog;
    }

    /**
     * A new dialog starts (the client sends an event with this dialogRequestId): older dialogs'
     * directives are dropped from the queues and the dialog channel's directive in flight is
     * cancelled.
     */
    public void startDialog(String dialogRequestId) {
        List<RealReceivedDirective> dropped = new ArrayList<>();
        RealReceivedDirective inFlight;
        synchronized (this) {
            if (dialogRequestId.equals(currentDialog)) {
                return;
            }
            currentDialog = dialogRequestId;
            dropped.addAll(dialogLane.removeStale());
            dropped.addAll(audioLane.removeStale());
            inFlight = dialogLane.running;
        }
        for (RealReceivedDirective d : dropped) {
            drop(d, "superseded by dialog " + dialogRequestId);
        }
        if (inFlight != null && isStale(inFlight)) {
            log.info("event=DirectiveCancelled directive={} newDialog={}", inFlight, dialogRequestId);
            inFlight.cancel();
        }
    }

    /**
     * The user starts speaking or typing (barge-in): the {@code SpeechSynthesizer.Speak} playing now
     * on the dialog channel stops, whatever its dialog, also a cloud-initiated one (a reminder) or
     * the current dialog's own; its agent reports {@code SpeechStopped}. The directives queued after
     * it are left to the dialog rules.
     */
    public void bargeIn() {
        RealReceivedDirective speaking = dialogLane.running;
        if (speaking != null && "SpeechSynthesizer".equals(speaking.namespace()) && "Speak".equals(speaking.name())
                && !speaking.isCancelled()) {
            log.info("event=SpeechInterrupted directive={}", speaking);
            speaking.cancel();
        }
    }

    /** Queues a directive on its channel, or drops it if it belongs to an older dialog. */
    public void submit(RealReceivedDirective d) {
        boolean stale;
        synchronized (this) {
            stale = closed || isStale(d);
            if (!stale) {
                laneFor(d).add(d);
            }
        }
        if (stale) {
            drop(d, closed ? "client closed" : "dialog " + d.dialogRequestId() + " is not the current dialog " + currentDialog());
        }
    }

    private synchronized boolean isStale(RealReceivedDirective d) {
        String id = d.dialogRequestId();
        if (id == null) {
            return false;
        }
        return failedDialogs.contains(id) || currentDialog == null || !id.equals(currentDialog);
    }

    private Lane laneFor(RealReceivedDirective d) {
        CapabilityAgent agent = agents.get(d.namespace());
        boolean audio = agent != null ? agent.channel() == CapabilityAgent.Channel.AUDIO
                : "AudioPlayer".equals(d.namespace());
        return audio ? audioLane : dialogLane;
    }

    private void drop(RealReceivedDirective d, String reason) {
        log.info("event=DirectiveDropped directive={} reason={}", d, reason);
        callbacks.execute(() -> {
            try {
                listener.onDirectiveDropped(d, reason);
            } finally {
                d.finish();
            }
        });
    }

    private void fail(RealReceivedDirective d, Throwable cause) {
        log.warn("event=DirectiveFailed directive={} reason={}", d, cause.toString());
        List<RealReceivedDirective> dropped = new ArrayList<>();
        if (d.dialogRequestId() != null) {
            synchronized (this) {
                failedDialogs.add(d.dialogRequestId());
                dropped.addAll(dialogLane.removeStale());
                dropped.addAll(audioLane.removeStale());
            }
        }
        callbacks.execute(() -> {
            try {
                listener.onDirectiveFailed(d, cause);
            } finally {
                d.finish();
            }
        });
        dropped.forEach(x -> drop(x, "an earlier directive of dialog " + d.dialogRequestId() + " failed"));
    }

    private void process(RealReceivedDirective d) {
        try {
            d.attachmentsReady().get(attachmentTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (CancellationException e) {
            drop(d, "cancelled while waiting for its attachments");
            return;
        } catch (TimeoutException e) {
            drop(d, "attachment(s) " + d.missing() + " did not arrive within " + attachmentTimeout);
            return;
        } catch (ExecutionException e) {
            drop(d, e.getCause().getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (d.isCancelled() || isStale(d)) {
            drop(d, "dialog " + d.dialogRequestId() + " was superseded");
            return;
        }
        try {
            beforeDispatch.accept(d);
        } catch (RuntimeException e) {
            log.warn("event=BeforeDispatchFailed directive={} reason={}", d, e.toString());
        }
        CapabilityAgent agent = agents.get(d.namespace());
        if (agent == null || !agent.handles(d.name())) {
            log.info("event=DirectiveUnhandled directive={}", d);
            callbacks.execute(() -> {
                try {
                    listener.onDirective(d);
                    listener.onUnhandledDirective(d);
                } finally {
                    d.finish();
                }
            });
            return;
        }
        callbacks.execute(() -> listener.onDirective(d));
        d.running(agent);
        try {
            agent.handle(d, host);
        } catch (Throwable t) {
            fail(d, t);
            return;
        }
        callbacks.execute(d::finish);
    }

    @Override
    public void close() {
        List<RealReceivedDirective> dropped = new ArrayList<>();
        List<RealReceivedDirective> running = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Lane lane : List.of(dialogLane, audioLane)) {
                dropped.addAll(lane.queue);
                lane.queue.clear();
                if (lane.running != null) {
                    running.add(lane.running);
                }
            }
        }
        dropped.forEach(d -> drop(d, "client closed"));
        running.forEach(RealReceivedDirective::cancel);
    }

    /**
     * One channel: the directives waiting their turn, and the serial executor that processes them
     * one at a time. The queue stays here (not in the executor) so that starting a dialog can drop
     * the stale ones at once. Guarded by the sequencer's monitor.
     */
    private final class Lane {
        final Deque<RealReceivedDirective> queue = new ArrayDeque<>();
        final SerialExecutor executor;
        volatile RealReceivedDirective running;

        Lane(SerialExecutor executor) {
            this.executor = executor;
        }

        /** Queues {@code d} and one turn for it; called holding the sequencer's monitor. */
        void add(RealReceivedDirective d) {
            queue.addLast(d);
            executor.execute(this::processNext);
        }

        List<RealReceivedDirective> removeStale() {
            List<RealReceivedDirective> out = new ArrayList<>();
            queue.removeIf(d -> {
                boolean stale = isStale(d);
                if (stale) {
                    out.add(d);
                }
                return stale;
            });
            return out;
        }

        /** One turn: the oldest queued directive, if a dialog change has not dropped it meanwhile. */
        private void processNext() {
            RealReceivedDirective next;
            synchronized (DirectiveSequencer.this) {
                next = closed ? null : queue.pollFirst();
                running = next;
            }
            if (next == null) {
                return;
            }
            try {
                process(next);
            } catch (RuntimeException e) {
                log.error("event=SequencerFault directive={}", next, e);
            } finally {
                running = null;
            }
        }
    }
}
