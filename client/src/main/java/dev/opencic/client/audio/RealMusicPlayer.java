package dev.opencic.client.audio;

import dev.opencic.client.AgentHost;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.context.PlaybackStateContext;
import dev.opencic.client.context.VolumeStateContext;
import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.protocol.payload.PlayerActivity;
import dev.opencic.protocol.payload.RawPayload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The music player behind {@link MusicPlayer}: the play queue, the item playing, the {@code
 * AudioPlayer} events in the order things happened (each with the {@code PlaybackState} as it was
 * then), and the progress reports.
 *
 * <p>All state is guarded by {@code this}. Directive handlers return at once; the item playing is a
 * {@link PlaybackSession} on the client's playback channel (a serial executor on its shared
 * workers, so one item after the other and no thread when nothing plays), which fetches, calls the
 * {@link MusicOutput} and tells the player when the item ended, so it moves on to the next. The
 * output blocks that worker for as long as the item plays: a sound card (or real-time pacing)
 * needs a thread while it plays, this is the one.
 */
final class RealMusicPlayer {

    private static final Logger log = LoggerFactory.getLogger(RealMusicPlayer.class);
    private static final RawPayload EMPTY = new RawPayload("{}");

    private final MusicOutput output;
    private final MusicListener listener;
    private final PlaybackStateContext state;
    private final VolumeStateContext volume;
    private final Duration deliverTimeout;
    private final StreamDeliveries deliveries = new StreamDeliveries();
    private final PlayerEvents events;

    private AgentHost host;
    private Executor playback;
    private final List<QueuedItem> queue = new ArrayList<>();
    private int index = -1;
    private PlayerActivity activity = PlayerActivity.IDLE;
    /** The queue played to its end (or its last item failed): a later ENQUEUE starts at once. */
    private boolean ended;
    private PlaybackSession session;
    private volatile boolean closed;

    RealMusicPlayer(MusicOutput output, MusicListener listener, PlaybackStateContext state,
                    VolumeStateContext volume, Duration deliverTimeout) {
        this.output = output;
        this.listener = listener;
        this.state = state;
        this.volume = volume;
        this.deliverTimeout = deliverTimeout;
        this.events = new PlayerEvents(state, listener);
    }

    /** Plays and reports through {@code host} from now on (both agents call it with the same client). */
    synchronized void attach(AgentHost host) {
        if (this.host != host) {
            this.host = host;
            this.playback = host.newSerialExecutor();
        }
    }

    // ---- directives (audio channel) ----

    /** {@code AudioPlayer.Play}: REPLACE_ALL, ENQUEUE or REPLACE_ENQUEUED. */
    void play(ReceivedDirective d) {
        AudioPlayer.Play play = d.payload(AudioPlayer.Play.class);
        if (play.audioItem() == null || play.audioItem().stream() == null
                || Objects.requireNonNullElse(play.audioItem().stream().token(), "").isEmpty()) {
            throw new IllegalArgumentException("AudioPlayer.Play needs payload.audioItem.stream.token");
        }
        if (play.playBehavior() == null) {
            throw new IllegalArgumentException("AudioPlayer.Play needs payload.playBehavior");
        }
        AudioPlayer.PlayBehavior behavior = play.playBehavior();
        QueuedItem item = new QueuedItem(play.audioItem());
        synchronized (this) {
            switch (behavior) {
                case REPLACE_ALL -> {
                    interrupt("PlayStopped");
                    queue.clear();
                    queue.add(item);
                    index = 0;
                    start(item, "PlayStarted");
                }
                case ENQUEUE, REPLACE_ENQUEUED -> {
                    if (behavior == AudioPlayer.PlayBehavior.REPLACE_ENQUEUED) {
                        upcoming().clear();
                    } else if (upcoming().stream().anyMatch(i -> i.audioItemId.equals(item.audioItemId)
                            && !item.audioItemId.isEmpty())) {
                        log.info("event=DuplicatePlayIgnored {}", item);
                        return;
                    }
                    queue.add(item);
                    if (session == null && (current() == null || ended)) {
                        index = queue.size() - 1;
                        start(item, "PlayStarted");
                    }
                }
            }
        }
    }

    /** {@code AudioPlayer.StreamDeliver}: the URL the playing item is waiting for. */
    void streamDeliver(ReceivedDirective d) {
        deliveries.deliver(d);
    }

    /** {@code AudioPlayer.ClearQueue}: CLEAR_ALL stops and empties the queue, CLEAR_ENQUEUED keeps the item playing. */
    synchronized void clearQueue(ReceivedDirective d) {
        AudioPlayer.ClearBehavior behavior = Objects.requireNonNullElse(
                d.payload(AudioPlayer.ClearQueue.class).clearBehavior(), AudioPlayer.ClearBehavior.CLEAR_ALL);
        if (behavior == AudioPlayer.ClearBehavior.CLEAR_ENQUEUED) {
            upcoming().clear();
            return;
        }
        interrupt("PlayStopped");
        queue.clear();
        index = -1;
        activity = PlayerActivity.IDLE;
        ended = false;
        publishState();
    }

    /** {@code AudioPlayer.ExpectReportPlaybackState}: a {@code ReportPlaybackState} event. */
    synchronized void reportPlaybackState() {
        AudioPlayer.PlaybackState now = state.state();
        QueuedItem current = current();
        String token = current != null && activity != PlayerActivity.IDLE ? current.token() : null;
        send("AudioPlayer", "ReportPlaybackState", new AudioPlayer.PlaybackState(now.playerActivity(),
                now.repeatMode(), token, now.offsetInMilliseconds(), now.totalInMilliseconds(), now.stream()), null);
    }

    synchronized void pause() {
        if (activity != PlayerActivity.PLAYING || session == null) {
            log.info("event=PauseIgnored activity={}", activity);
            return;
        }
        session.reportStart();
        session.paused = true;
        activity = PlayerActivity.PAUSED;
        publishState();
        report("PlayPaused", current());
    }

    synchronized void resume() {
        QueuedItem current = current();
        if (activity == PlayerActivity.PAUSED && session != null) {
            session.paused = false;
            activity = PlayerActivity.PLAYING;
            publishState();
            report("PlayResumed", current);
            notifyAll();
        } else if (activity == PlayerActivity.STOPPED && current != null && !ended) {
            start(current, "PlayResumed");
        } else {
            log.info("event=ResumeIgnored activity={}", activity);
        }
    }

    synchronized void stop() {
        if (!interrupt("PlayStopped")) {
            log.info("event=StopIgnored activity={}", activity);
        }
    }

    synchronized void next() {
        if (index + 1 >= queue.size()) {
            log.info("event=NextIgnored reason=no next item");
            return;
        }
        jumpTo(index + 1, QueuedItem::beginAtMs);
    }

    synchronized void previous() {
        if (index < 0) {
            log.info("event=PreviousIgnored reason=empty queue");
            return;
        }
        jumpTo(Math.max(0, index - 1), item -> 0);
    }

    /** {@code Replay}: the current item again from its start. */
    synchronized void replay() {
        if (current() == null) {
            log.info("event=ReplayIgnored reason=empty queue");
            return;
        }
        jumpTo(index, item -> 0);
    }

    synchronized void repeatMode(String mode) {
        state.repeatMode(mode);
    }

    /** Volume directives: {@code delta} steps, or a mute change (null leaves it). */
    void volume(int delta, Boolean mute) {
        int v;
        boolean m;
        synchronized (volume) {
            v = Math.max(0, Math.min(10, volume.volume() + delta));
            m = mute != null ? mute : volume.muted();
            volume.set(v, m);
        }
        listener.onVolumeChanged(v, m);
    }

    /** Sends an event outside any dialog with the current context (PlaybackController.*CommandIssued). */
    synchronized void command(String eventName) {
        if (host == null) {
            throw new IllegalStateException("register the player with a client first (MusicPlayer.register)");
        }
        send("PlaybackController", eventName, EMPTY, null);
    }

    /** Stops playback without reports and refuses later directives' work. */
    void close() {
        PlaybackSession s;
        synchronized (this) {
            closed = true;
            s = session;
            session = null;
            notifyAll();
        }
        if (s != null) {
            s.stop();
        }
    }

    /** Completes when the events queued so far have been answered or failed. */
    CompletableFuture<Void> reportsSent() {
        return events.allSent();
    }

    /** Whether an item plays (or is about to) or waits in the queue: false means no report can follow. */
    synchronized boolean isPlayingOrQueued() {
        return session != null || !upcoming().isEmpty();
    }

    // ---- for the session playing (under this unless said otherwise) ----

    AgentHost host() {
        return host;
    }

    boolean isClosed() {
        return closed;
    }

    boolean isCurrent(PlaybackSession s) {
        return session == s;
    }

    float gain() {
        return volume.muted() ? 0f : volume.volume() / 10f;
    }

    /** The session's stream is open: it plays now, unless it was stopped meanwhile (false). Takes the lock. */
    synchronized boolean opened(PlaybackSession s) {
        if (s.isStoppedFlag() || session != s) {
            return false;
        }
        s.item.offsetMs = s.startOffset;
        activity = PlayerActivity.PLAYING;
        publishState(); // reported when the first audio comes out (a stream that cannot be decoded never "started")
        return true;
    }

    /** The session's item ended, by itself or with {@code failure}: on to the next item. Takes the lock. */
    synchronized void ended(PlaybackSession s, Throwable failure) {
        if (s.isStoppedFlag() || session != s) {
            return;
        }
        session = null;
        QueuedItem item = s.item;
        if (failure != null) {
            log.info("event=PlaybackFailed {} reason={}", item, failure.toString()); // the listener tells the user
            try {
                listener.onPlaybackFailed(item.audioItem, failure);
            } catch (RuntimeException e) {
                log.warn("event=MusicListenerFailed", e);
            }
            if (index + 1 < queue.size()) {
                index++;
                start(queue.get(index), "PlayStarted");
            } else {
                activity = PlayerActivity.STOPPED;
                ended = true;
                publishState();
                report("PlayStopped", item);
            }
            return;
        }
        s.reportStart();
        activity = PlayerActivity.STOPPED;
        publishState();
        report("PlayFinished", item);
        if ("REPEAT_ONE".equals(state.repeatMode())) {
            item.offsetMs = 0;
            start(item, "PlayStarted");
        } else if (index + 1 < queue.size()) {
            index++;
            QueuedItem next = queue.get(index);
            next.offsetMs = next.beginAtMs();
            start(next, "PlayStarted");
        } else {
            ended = true;
        }
    }

    /** {@code StreamRequested} for an item about to play. */
    void requestStream(QueuedItem item) {
        send("AudioPlayer", "StreamRequested", new AudioPlayer.StreamRequested(item.audioItemId, item.stream), item);
    }

    void publishState() {
        QueuedItem item = current();
        if (activity == PlayerActivity.IDLE || item == null) {
            state.idle();
        } else {
            state.set(activity, item.stream, item.offsetMs, item.totalMs());
        }
    }

    /**
     * An {@code AudioPlayer} playback event: its payload is the item's token and offset (AudioPlayer.md),
     * and the {@code PlaybackState} context it carries says the same (the server reads that).
     */
    void report(String name, QueuedItem item) {
        send("AudioPlayer", name, item == null ? EMPTY : new AudioPlayer.PlaybackReport(item.token(), item.offsetMs),
                item);
    }

    // ---- internals (under this) ----

    private QueuedItem current() {
        return index >= 0 && index < queue.size() ? queue.get(index) : null;
    }

    /** The items after the current one (a view: clearing it drops them). */
    private List<QueuedItem> upcoming() {
        return queue.subList(Math.min(index + 1, queue.size()), queue.size());
    }

    /** Stops what plays (PlayStopped) and plays the item at {@code to} from {@code offset}. */
    private void jumpTo(int to, ToLongFunction<QueuedItem> offset) {
        interrupt("PlayStopped");
        index = to;
        QueuedItem item = queue.get(index);
        item.offsetMs = offset.applyAsLong(item);
        start(item, "PlayStarted");
    }

    /** Stops the playing or paused item, reporting {@code event}; false if nothing was playing. */
    private boolean interrupt(String event) {
        PlaybackSession s = session;
        boolean active = activity == PlayerActivity.PLAYING || activity == PlayerActivity.PAUSED;
        session = null;
        if (s != null) {
            s.stop();
        }
        notifyAll();
        if (active) {
            activity = PlayerActivity.STOPPED;
            publishState();
            report(event, current());
        }
        return active;
    }

    /**
     * Plays {@code item} on the playback channel once the item before it (stopped by now) has let
     * go of the output.
     */
    private void start(QueuedItem item, String startEvent) {
        if (closed || playback == null) {
            return;
        }
        if (session != null) {
            session.stop();
        }
        ended = false;
        PlaybackSession s = new PlaybackSession(this, item, startEvent, output, deliveries, deliverTimeout);
        session = s;
        try {
            playback.execute(s::run);
        } catch (RejectedExecutionException e) {
            session = null; // the client closed
        }
    }

    /** Queues an event with the context as it is now; events go out one after the other. */
    private void send(String namespace, String name, Payload payload, QueuedItem item) {
        AgentHost h = host;
        if (h == null || closed) {
            return;
        }
        events.send(h, namespace, name, payload, item);
    }
}
