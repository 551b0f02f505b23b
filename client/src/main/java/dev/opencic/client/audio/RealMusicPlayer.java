package dev.opencic.client.audio;

import dev.opencic.client.AgentHost;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.context.PlaybackStateContext;
import dev.opencic.client.context.VolumeStateContext;
import dev.opencic.client.ContextState;
import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.protocol.payload.AudioPlayer.AudioItem;
import dev.opencic.protocol.payload.AudioPlayer.AudioStreamInfo;
import dev.opencic.protocol.payload.AudioPlayer.ProgressReport;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.protocol.payload.PlayerActivity;
import dev.opencic.protocol.payload.RawPayload;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The music player behind {@link MusicPlayer}: the play queue, the item playing, the {@code
 * AudioPlayer} events in the order things happened (each with the {@code PlaybackState} as it was
 * then), and the progress reports.
 *
 * <p>All state is guarded by {@code this}. Directive handlers return at once; the item playing runs
 * on the client's playback channel (a serial executor on its shared workers, so one item after the
 * other and no thread when nothing plays), which fetches (asking for the URL with {@code
 * StreamRequested} first when the Play had none), calls the {@link MusicOutput} and moves on to the
 * next item when the output returns. The output blocks that worker for as long as the item plays:
 * a sound card (or real-time pacing) needs a thread while it plays, this is the one.
 */
final class RealMusicPlayer {

    private static final Logger log = LoggerFactory.getLogger(RealMusicPlayer.class);
    private static final RawPayload EMPTY = new RawPayload("{}");

    private final MusicOutput output;
    private final MusicListener listener;
    private final PlaybackStateContext state;
    private final VolumeStateContext volume;
    private final Duration deliverTimeout;
    private final Map<String, CompletableFuture<AudioStreamInfo>> deliveries = new ConcurrentHashMap<>();

    private AgentHost host;
    private Executor playback;
    private final List<Item> queue = new ArrayList<>();
    private int index = -1;
    private PlayerActivity activity = PlayerActivity.IDLE;
    /** The queue played to its end (or its last item failed): a later ENQUEUE starts at once. */
    private boolean ended;
    private Session session;
    private CompletableFuture<?> reports = CompletableFuture.completedFuture(null);
    private boolean closed;

    RealMusicPlayer(MusicOutput output, MusicListener listener, PlaybackStateContext state,
                    VolumeStateContext volume, Duration deliverTimeout) {
        this.output = output;
        this.listener = listener;
        this.state = state;
        this.volume = volume;
        this.deliverTimeout = deliverTimeout;
    }

    /** Plays and reports through {@code host} from now on (both agents call it with the same client). */
    synchronized void attach(AgentHost host) {
        if (this.host != host) {
            this.host = host;
            this.playback = host.newSerialExecutor();
        }
    }

    /** One queued Play: its item as received and where it was left. */
    static final class Item {
        final AudioItem audioItem;
        final String audioItemId;
        final AudioStreamInfo stream;
        long offsetMs;

        Item(AudioItem audioItem) {
            this.audioItem = audioItem;
            this.audioItemId = Objects.requireNonNullElse(audioItem.audioItemId(), "");
            this.stream = audioItem.stream();
            this.offsetMs = beginAtMs();
        }

        String token() {
            return Objects.requireNonNullElse(stream.token(), "");
        }

        long totalMs() {
            return stream.durationInMilliseconds() != null ? stream.durationInMilliseconds() : -1;
        }

        long beginAtMs() {
            return stream.beginAtInMilliseconds() != null ? Math.max(0, stream.beginAtInMilliseconds()) : 0;
        }

        ProgressReport progress() {
            return stream.progressReport() != null ? stream.progressReport() : new ProgressReport(null, null, null);
        }

        /** Whether the Play carried a URL the device can fetch as is. */
        boolean playable() {
            return isHttp(stream.url()) && !Boolean.FALSE.equals(stream.urlPlayable());
        }

        @Override
        public String toString() {
            return "token=" + token() + " audioItemId=" + audioItemId;
        }
    }

    static boolean isHttp(String url) {
        return url != null && (url.startsWith("http://") || url.startsWith("https://"));
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
        Item item = new Item(play.audioItem());
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
                        queue.subList(Math.min(index + 1, queue.size()), queue.size()).clear();
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
        AudioPlayer.StreamDeliver deliver = d.payload(AudioPlayer.StreamDeliver.class);
        String id = Objects.requireNonNullElse(deliver.audioItemId(), "");
        AudioStreamInfo stream = deliver.deliveredStream();
        if (stream == null) {
            throw new IllegalArgumentException("AudioPlayer.StreamDeliver needs payload.audioStream");
        }
        CompletableFuture<AudioStreamInfo> waiting = deliveries.get(id);
        if (waiting == null) {
            waiting = deliveries.get("token:" + Objects.requireNonNullElse(stream.token(), ""));
        }
        if (waiting == null) {
            log.info("event=StreamDeliverIgnored audioItemId={} reason=no item waits for it", id);
            return;
        }
        waiting.complete(stream);
    }

    /** {@code AudioPlayer.ClearQueue}: CLEAR_ALL stops and empties the queue, CLEAR_ENQUEUED keeps the item playing. */
    synchronized void clearQueue(ReceivedDirective d) {
        AudioPlayer.ClearBehavior behavior = Objects.requireNonNullElse(
                d.payload(AudioPlayer.ClearQueue.class).clearBehavior(), AudioPlayer.ClearBehavior.CLEAR_ALL);
        if (behavior == AudioPlayer.ClearBehavior.CLEAR_ENQUEUED) {
            queue.subList(Math.min(index + 1, queue.size()), queue.size()).clear();
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
        Item current = current();
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
        Item current = current();
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
        interrupt("PlayStopped");
        index++;
        Item next = queue.get(index);
        next.offsetMs = next.beginAtMs();
        start(next, "PlayStarted");
    }

    synchronized void previous() {
        if (index < 0) {
            log.info("event=PreviousIgnored reason=empty queue");
            return;
        }
        interrupt("PlayStopped");
        index = Math.max(0, index - 1);
        Item item = queue.get(index);
        item.offsetMs = 0;
        start(item, "PlayStarted");
    }

    /** {@code Replay}: the current item again from its start. */
    synchronized void replay() {
        Item item = current();
        if (item == null) {
            log.info("event=ReplayIgnored reason=empty queue");
            return;
        }
        interrupt("PlayStopped");
        item.offsetMs = 0;
        start(item, "PlayStarted");
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
        Session s;
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
    synchronized CompletableFuture<Void> reportsSent() {
        return reports.handle((r, e) -> null);
    }

    // ---- internals (under this) ----

    private Item current() {
        return index >= 0 && index < queue.size() ? queue.get(index) : null;
    }

    private List<Item> upcoming() {
        return queue.subList(Math.min(index + 1, queue.size()), queue.size());
    }

    /** Stops the playing or paused item, reporting {@code event}; false if nothing was playing. */
    private boolean interrupt(String event) {
        Session s = session;
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
    private void start(Item item, String startEvent) {
        if (closed || playback == null) {
            return;
        }
        if (session != null) {
            session.stop();
        }
        ended = false;
        Session s = new Session(item, item.offsetMs, startEvent);
        session = s;
        try {
            playback.execute(s::run);
        } catch (RejectedExecutionException e) {
            session = null; // the client closed
        }
    }

    private void publishState() {
        Item item = current();
        if (activity == PlayerActivity.IDLE || item == null) {
            state.idle();
        } else {
            state.set(activity, item.stream, item.offsetMs, item.totalMs());
        }
    }

    /**
     * An {@code AudioPlayer} playback event. Its payload stays empty, as this player has always sent
     * it: the {@code PlaybackState} context it carries says the token and offset.
     */
    private void report(String name, Item item) {
        send("AudioPlayer", name, EMPTY, item);
    }

    /** Queues an event with the context as it is now; events go out one after the other. */
    private void send(String namespace, String name, Payload payload, Item item) {
        AgentHost h = host;
        if (h == null || closed) {
            return;
        }
        List<ContextState> context = new ArrayList<>(h.context());
        if (context.stream().noneMatch(o -> o.is("AudioPlayer", "PlaybackState"))) {
            state.context().ifPresent(context::add);
        }
        log.debug("event=MusicReport name={} {}", name, item);
        if (namespace.equals("AudioPlayer") && !name.equals("StreamRequested")) {
            try {
                listener.onPlaybackEvent(name, item == null ? null : item.audioItem);
            } catch (RuntimeException e) {
                log.warn("event=MusicListenerFailed", e);
            }
        }
        reports = reports.handle((r, e) -> null).thenCompose(ignored -> h.send(namespace, name, payload, context))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        log.warn("event=MusicReportFailed name={} reason={}", name, e.toString());
                    }
                });
    }

    /** The item playing, on the playback channel. */
    private final class Session implements Playback {
        final Item item;
        final long startOffset;
        final String startEvent;
        final ProgressReport progress;
        volatile boolean stopped;
        boolean paused;
        boolean startReported;
        volatile AudioStream stream;
        /** The StreamDeliver this item waits for, if it does: stopping cancels the wait. */
        volatile CompletableFuture<AudioStreamInfo> delivery;
        /** Audio played since the start, for the delay and interval reports. */
        long playedMs;
        boolean delayReported;
        boolean positionReported;
        long nextIntervalMs;

        Session(Item item, long startOffset, String startEvent) {
            this.item = item;
            this.startOffset = startOffset;
            this.startEvent = startEvent;
            this.progress = item.progress();
            Long interval = progress.progressReportIntervalInMilliseconds();
            this.nextIntervalMs = interval != null && interval > 0 ? interval : Long.MAX_VALUE;
            Long position = progress.progressReportPositionInMilliseconds();
            this.positionReported = position == null || position < startOffset;
            Long delay = progress.progressReportDelayInMilliseconds();
            this.delayReported = delay == null || delay <= 0;
        }

        void stop() {
            stopped = true;
            CompletableFuture<AudioStreamInfo> waiting = delivery;
            if (waiting != null) {
                waiting.cancel(false); // the next item's run does not wait out the deliver timeout
            }
            AudioStream s = stream;
            if (s != null) {
                try {
                    s.close();
                } catch (Exception e) {
                    log.debug("event=StreamCloseFailed", e);
                }
            }
        }

        /** Plays the item; the channel runs it after the previous item's {@code run} returned. */
        void run() {
            if (stopped) {
                return;
            }
            Throwable failure = null;
            try {
                String url = url();
                if (url == null) {
                    return;
                }
                AudioStream opened = host.openStream(url);
                stream = opened;
                synchronized (RealMusicPlayer.this) {
                    if (stopped || session != this) {
                        opened.close();
                        return;
                    }
                    item.offsetMs = startOffset;
                    activity = PlayerActivity.PLAYING;
                    publishState(); // reported when the first audio comes out (a stream that
                                    // cannot be decoded never "started")
                }
                try (opened) {
                    output.play(opened, this);
                }
            } catch (Throwable t) {
                failure = t;
            }
            finished(failure);
        }

        /** The URL to fetch: the Play's, or the StreamDeliver's after a StreamRequested. */
        private String url() throws Exception {
            if (item.playable()) {
                return item.stream.url();
            }
            CompletableFuture<AudioStreamInfo> delivered = new CompletableFuture<>();
            String key = item.audioItemId.isEmpty() ? "token:" + item.token() : item.audioItemId;
            deliveries.put(key, delivered);
            delivery = delivered;
            try {
                synchronized (RealMusicPlayer.this) {
                    if (stopped) {
                        return null;
                    }
                    send("AudioPlayer", "StreamRequested", new AudioPlayer.StreamRequested(item.audioItemId, item.stream),
                            item);
                }
                AudioStreamInfo stream = delivered.get(deliverTimeout.toMillis(), TimeUnit.MILLISECONDS);
                // the delivered URL; the Play's stream stays as it was for the context
                String url = stream.url() != null ? stream.url() : item.stream.url();
                if (!isHttp(url)) {
                    throw new IOException("StreamDeliver for " + item + " has no http(s) url: " + url);
                }
                return stopped ? null : url;
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException("no StreamDeliver for " + item + " within " + deliverTimeout.toMillis() + " ms");
            } finally {
                deliveries.remove(key, delivered);
            }
        }

        /** Reports the start once, when the first audio came out (under the player's lock). */
        void reportStart() {
            if (!startReported) {
                startReported = true;
                report(startEvent, item);
            }
        }

        private void finished(Throwable failure) {
            synchronized (RealMusicPlayer.this) {
                if (stopped || session != this) {
                    return;
                }
                session = null;
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
                reportStart();
                activity = PlayerActivity.STOPPED;
                publishState();
                report("PlayFinished", item);
                if ("REPEAT_ONE".equals(state.repeatMode())) {
                    item.offsetMs = 0;
                    start(item, "PlayStarted");
                } else if (index + 1 < queue.size()) {
                    index++;
                    Item next = queue.get(index);
                    next.offsetMs = next.beginAtMs();
                    start(next, "PlayStarted");
                } else {
                    ended = true;
                }
            }
        }

        // ---- Playback, called by the output on the playback channel ----

        @Override
        public String token() {
            return item.token();
        }

        @Override
        public long startOffsetMs() {
            return startOffset;
        }

        /** The one wait left in the player: the output's worker holds while the item is paused. */
        @Override
        public boolean awaitPlaying() throws InterruptedException {
            synchronized (RealMusicPlayer.this) {
                while (paused && !stopped && !closed) {
                    RealMusicPlayer.this.wait();
                }
                return !stopped && !closed;
            }
        }

        @Override
        public boolean isPaused() {
            synchronized (RealMusicPlayer.this) {
                return paused && !stopped;
            }
        }

        @Override
        public boolean isStopped() {
            return stopped || closed;
        }

        @Override
        public void played(long millis) {
            if (millis <= 0) {
                return;
            }
            synchronized (RealMusicPlayer.this) {
                if (stopped || paused || session != this) {
                    return; // a chunk finishing after the pause: the reported position holds
                }
                reportStart();
                playedMs += millis;
                item.offsetMs += millis;
                publishState();
                if (!delayReported && playedMs >= progress.progressReportDelayInMilliseconds()) {
                    delayReported = true;
                    report("ProgressReportDelayPassed", item);
                }
                if (playedMs >= nextIntervalMs) {
                    long interval = progress.progressReportIntervalInMilliseconds();
                    nextIntervalMs = (playedMs / interval + 1) * interval;
                    report("ProgressReportIntervalPassed", item);
                }
                if (!positionReported && item.offsetMs >= progress.progressReportPositionInMilliseconds()) {
                    positionReported = true;
                    report("ProgressReportPositionPassed", item);
                }
            }
        }

        @Override
        public float gain() {
            return volume.muted() ? 0f : volume.volume() / 10f;
        }
    }
}
