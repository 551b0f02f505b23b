package dev.opencic.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.client.CicClient;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.audio.AudioStream;
import dev.opencic.client.audio.MusicListener;
import dev.opencic.client.audio.MusicOutput;
import dev.opencic.client.audio.Playback;
import dev.opencic.client.context.PlaybackStateContext;
import dev.opencic.client.context.VolumeStateContext;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The music player behind {@link dev.opencic.client.audio.MusicPlayer}: the play queue, one
 * playback thread for the item playing, the {@code AudioPlayer} events in the order things
 * happened (each with the {@code PlaybackState} as it was then), and the progress reports.
 *
 * <p>All state is guarded by {@code this}. Directive handlers return at once; the playback thread
 * fetches (asking for the URL with {@code StreamRequested} first when the Play had none), calls the
 * {@link MusicOutput} and moves on to the next item when the output returns.
 */
public final class RealMusicPlayer {

    private static final Logger log = LoggerFactory.getLogger(RealMusicPlayer.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final MusicOutput output;
    private final MusicListener listener;
    private final PlaybackStateContext state;
    private final VolumeStateContext volume;
    private final Duration deliverTimeout;
    private final Map<String, CompletableFuture<ObjectNode>> deliveries = new ConcurrentHashMap<>();

    private volatile CicClient client;
    private final List<Item> queue = new ArrayList<>();
    private int index = -1;
    private String activity = "IDLE";
    /** The queue played to its end (or its last item failed): a later ENQUEUE starts at once. */
    private boolean ended;
    private Session session;
    /** The thread of the latest session: the next one waits for it to end. */
    private Thread lastThread;
    private CompletableFuture<?> reports = CompletableFuture.completedFuture(null);
    private boolean closed;

    public RealMusicPlayer(MusicOutput output, MusicListener listener, PlaybackStateContext state,
                           VolumeStateContext volume, Duration deliverTimeout) {
        this.output = output;
        this.listener = listener;
        this.state = state;
        this.volume = volume;
        this.deliverTimeout = deliverTimeout;
    }

    /** One queued Play: its item as received and where it was left. */
    static final class Item {
        final String audioItemId;
        final ObjectNode audioItem;
        final ObjectNode stream;
        long offsetMs;

        Item(ObjectNode audioItem) {
            this.audioItem = audioItem.deepCopy();
            this.audioItemId = audioItem.path("audioItemId").asText();
            this.stream = (ObjectNode) this.audioItem.get("stream");
            this.offsetMs = Math.max(0, stream.path("beginAtInMilliseconds").asLong(0));
        }

        String token() {
            return stream.path("token").asText("");
        }

        long totalMs() {
            JsonNode d = stream.path("durationInMilliseconds");
            return d.isNumber() ? d.asLong() : -1;
        }

        long beginAtMs() {
            return Math.max(0, stream.path("beginAtInMilliseconds").asLong(0));
        }

        /** Whether the Play carried a URL the device can fetch as is. */
        boolean playable() {
            String url = stream.path("url").asText("");
            JsonNode urlPlayable = stream.path("urlPlayable");
            return (url.startsWith("http://") || url.startsWith("https://"))
                    && (!urlPlayable.isBoolean() || urlPlayable.asBoolean());
        }

        @Override
        public String toString() {
            return "token=" + token() + " audioItemId=" + audioItemId;
        }
    }

    // ---- directives (audio channel thread) ----

    /** {@code AudioPlayer.Play}: REPLACE_ALL, ENQUEUE or REPLACE_ENQUEUED. */
    public void play(ReceivedDirective d, CicClient c) {
        client = c;
        JsonNode audioItem = d.payload().path("audioItem");
        if (!audioItem.isObject() || !audioItem.path("stream").isObject()
                || audioItem.path("stream").path("token").asText("").isEmpty()) {
            throw new IllegalArgumentException("AudioPlayer.Play needs payload.audioItem.stream.token");
        }
        String behavior = d.payload().path("playBehavior").asText("");
        Item item = new Item((ObjectNode) audioItem);
        synchronized (this) {
            switch (behavior) {
                case "REPLACE_ALL" -> {
                    interrupt("PlayStopped");
                    queue.clear();
                    queue.add(item);
                    index = 0;
                    start(item, "PlayStarted");
                }
                case "ENQUEUE", "REPLACE_ENQUEUED" -> {
                    if (behavior.equals("REPLACE_ENQUEUED")) {
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
                default -> throw new IllegalArgumentException("AudioPlayer.Play: playBehavior " + behavior
                        + " (expected: REPLACE_ALL, ENQUEUE or REPLACE_ENQUEUED)");
            }
        }
    }

    /** {@code AudioPlayer.StreamDeliver}: the URL the playback thread is waiting for. */
    public void streamDeliver(ReceivedDirective d, CicClient c) {
        client = c;
        String id = d.payload().path("audioItemId").asText("");
        JsonNode stream = d.payload().path("audioStream").isObject() ? d.payload().get("audioStream")
                : d.payload().path("stream");
        if (!stream.isObject()) {
            throw new IllegalArgumentException("AudioPlayer.StreamDeliver needs payload.audioStream");
        }
        CompletableFuture<ObjectNode> waiting = deliveries.get(id);
        if (waiting == null) {
            String token = stream.path("token").asText("");
            waiting = deliveries.entrySet().stream().filter(e -> e.getKey().equals("token:" + token))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (waiting == null) {
            log.info("event=StreamDeliverIgnored audioItemId={} reason=no item waits for it", id);
            return;
        }
        waiting.complete((ObjectNode) stream);
    }

    /** {@code AudioPlayer.ClearQueue}: CLEAR_ALL stops and empties the queue, CLEAR_ENQUEUED keeps the item playing. */
    public synchronized void clearQueue(ReceivedDirective d, CicClient c) {
        client = c;
        String behavior = d.payload().path("clearBehavior").asText("CLEAR_ALL");
        if (behavior.equals("CLEAR_ENQUEUED")) {
            queue.subList(Math.min(index + 1, queue.size()), queue.size()).clear();
            return;
        }
        if (!behavior.equals("CLEAR_ALL")) {
            throw new IllegalArgumentException("AudioPlayer.ClearQueue: clearBehavior " + behavior
                    + " (expected: CLEAR_ALL or CLEAR_ENQUEUED)");
        }
        interrupt("PlayStopped");
        queue.clear();
        index = -1;
        activity = "IDLE";
        ended = false;
        publishState();
    }

    /** {@code AudioPlayer.ExpectReportPlaybackState}: a {@code ReportPlaybackState} event. */
    public synchronized void reportPlaybackState(CicClient c) {
        client = c;
        ObjectNode payload = state.context().map(ContextObject::payload).map(ObjectNode::deepCopy).orElse(JSON.objectNode());
        Item current = current();
        if (current != null && !activity.equals("IDLE")) {
            payload.put("token", current.token());
        }
        send("AudioPlayer", "ReportPlaybackState", payload, null);
    }

    public synchronized void pause(CicClient c) {
        client = c;
        if (!activity.equals("PLAYING") || session == null) {
            log.info("event=PauseIgnored activity={}", activity);
            return;
        }
        session.reportStart();
        session.paused = true;
        activity = "PAUSED";
        publishState();
        report("PlayPaused", current());
    }

    public synchronized void resume(CicClient c) {
        client = c;
        Item current = current();
        if (activity.equals("PAUSED") && session != null) {
            session.paused = false;
            activity = "PLAYING";
            publishState();
            report("PlayResumed", current);
            notifyAll();
        } else if (activity.equals("STOPPED") && current != null && !ended) {
            start(current, "PlayResumed");
        } else {
            log.info("event=ResumeIgnored activity={}", activity);
        }
    }

    public synchronized void stop(CicClient c) {
        client = c;
        if (!interrupt("PlayStopped")) {
            log.info("event=StopIgnored activity={}", activity);
        }
    }

    public synchronized void next(CicClient c) {
        client = c;
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

    public synchronized void previous(CicClient c) {
        client = c;
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
    public synchronized void replay(CicClient c) {
        client = c;
        Item item = current();
        if (item == null) {
            log.info("event=ReplayIgnored reason=empty queue");
            return;
        }
        interrupt("PlayStopped");
        item.offsetMs = 0;
        start(item, "PlayStarted");
    }

    public synchronized void repeatMode(String mode) {
        state.repeatMode(mode);
    }

    /** Volume directives: {@code delta} steps, or a mute change (null leaves it). */
    public void volume(int delta, Boolean mute) {
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
    public synchronized void command(CicClient c, String eventName) {
        client = c;
        send("PlaybackController", eventName, JSON.objectNode(), null);
    }

    /** Stops playback without reports and refuses later directives' work. */
    public void close() {
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
    public synchronized CompletableFuture<Void> reportsSent() {
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
        boolean active = activity.equals("PLAYING") || activity.equals("PAUSED");
        session = null;
        if (s != null) {
            s.stop();
        }
        notifyAll();
        if (active) {
            activity = "STOPPED";
            publishState();
            report(event, current());
        }
        return active;
    }

    private void start(Item item, String startEvent) {
        if (closed) {
            return;
        }
        if (session != null) {
            session.stop();
        }
        ended = false;
        Session s = new Session(item, item.offsetMs, startEvent);
        session = s;
        Thread previous = lastThread;
        Thread t = new Thread(() -> s.run(previous), "cic-music-playback");
        t.setDaemon(true);
        lastThread = t;
        t.start();
    }

    private void publishState() {
        Item item = current();
        if (activity.equals("IDLE") || item == null) {
            state.idle();
        } else {
            state.set(activity, item.stream, item.offsetMs, item.totalMs());
        }
    }

    private void report(String name, Item item) {
        send("AudioPlayer", name, JSON.objectNode(), item);
    }

    /** Queues an event with the context as it is now; events go out one after the other. */
    private void send(String namespace, String name, ObjectNode payload, Item item) {
        CicClient c = client;
        if (c == null || closed) {
            return;
        }
        List<ContextObject> context = new ArrayList<>(c.context());
        if (context.stream().noneMatch(o -> o.header().namespace().equals("AudioPlayer")
                && o.header().name().equals("PlaybackState"))) {
            state.context().ifPresent(context::add);
        }
        Event event = new Event(Header.of(namespace, name, null), payload, context);
        log.debug("event=MusicReport name={} {}", name, item);
        if (namespace.equals("AudioPlayer") && !name.equals("StreamRequested")) {
            try {
                listener.onPlaybackEvent(name, item == null ? null : item.audioItem);
            } catch (RuntimeException e) {
                log.warn("event=MusicListenerFailed", e);
            }
        }
        reports = reports.handle((r, e) -> null).thenCompose(ignored -> c.send(event))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        log.warn("event=MusicReportFailed name={} reason={}", name, e.toString());
                    }
                });
    }

    /** The item playing on its own thread. */
    private final class Session implements Playback {
        final Item item;
        final long startOffset;
        final String startEvent;
        volatile boolean stopped;
        boolean paused;
        boolean startReported;
        volatile AudioStream stream;
        /** Audio played since the start, for the delay and interval reports. */
        long playedMs;
        boolean delayReported;
        boolean positionReported;
        long nextIntervalMs;

        Session(Item item, long startOffset, String startEvent) {
            this.item = item;
            this.startOffset = startOffset;
            this.startEvent = startEvent;
            JsonNode progress = item.stream.path("progressReport");
            long interval = progress.path("progressReportIntervalInMilliseconds").asLong(0);
            this.nextIntervalMs = interval > 0 ? interval : Long.MAX_VALUE;
            long position = progress.path("progressReportPositionInMilliseconds").asLong(-1);
            this.positionReported = !progress.path("progressReportPositionInMilliseconds").isNumber()
                    || position < startOffset;
            this.delayReported = progress.path("progressReportDelayInMilliseconds").asLong(0) <= 0;
        }

        void stop() {
            stopped = true;
            AudioStream s = stream;
            if (s != null) {
                try {
                    s.close();
                } catch (Exception e) {
                    log.debug("event=StreamCloseFailed", e);
                }
            }
        }

        /** Waits for the previous item's thread to let go of the output, then plays. */
        void run(Thread previous) {
            if (previous != null) {
                try {
                    previous.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Throwable failure = null;
            try {
                String url = url();
                if (url == null) {
                    return;
                }
                AudioStream opened = client.openStream(url);
                stream = opened;
                synchronized (RealMusicPlayer.this) {
                    if (stopped || session != this) {
                        opened.close();
                        return;
                    }
                    item.offsetMs = startOffset;
                    activity = "PLAYING";
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
                return item.stream.path("url").asText();
            }
            CompletableFuture<ObjectNode> delivered = new CompletableFuture<>();
            String key = item.audioItemId.isEmpty() ? "token:" + item.token() : item.audioItemId;
            deliveries.put(key, delivered);
            try {
                ObjectNode payload = JSON.objectNode().put("audioItemId", item.audioItemId);
                payload.set("audioStream", item.stream.deepCopy());
                synchronized (RealMusicPlayer.this) {
                    if (stopped) {
                        return null;
                    }
                    send("AudioPlayer", "StreamRequested", payload, item);
                }
                ObjectNode stream = delivered.get(deliverTimeout.toMillis(), TimeUnit.MILLISECONDS);
                // combined with the Play's stream, which stays as it was for the context
                ObjectNode combined = item.stream.deepCopy();
                combined.setAll(stream);
                String url = combined.path("url").asText("");
                if (!url.startsWith("http://") && !url.startsWith("https://")) {
                    throw new java.io.IOException("StreamDeliver for " + item + " has no http(s) url: " + url);
                }
                return stopped ? null : url;
            } catch (java.util.concurrent.TimeoutException e) {
                throw new java.io.IOException("no StreamDeliver for " + item + " within " + deliverTimeout.toMillis() + " ms");
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
                        activity = "STOPPED";
                        ended = true;
                        publishState();
                        report("PlayStopped", item);
                    }
                    return;
                }
                reportStart();
                activity = "STOPPED";
                publishState();
                report("PlayFinished", item);
                if ("REPEAT_ONE".equals(repeatModeNow())) {
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

        private String repeatModeNow() {
            return state.context().map(o -> o.payload().path("repeatMode").asText("NONE")).orElse("NONE");
        }

        // ---- Playback, called by the output on this thread ----

        @Override
        public String token() {
            return item.token();
        }

        @Override
        public long startOffsetMs() {
            return startOffset;
        }

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
                JsonNode progress = item.stream.path("progressReport");
                if (!delayReported && playedMs >= progress.path("progressReportDelayInMilliseconds").asLong()) {
                    delayReported = true;
                    report("ProgressReportDelayPassed", item);
                }
                if (playedMs >= nextIntervalMs) {
                    long interval = progress.path("progressReportIntervalInMilliseconds").asLong();
                    nextIntervalMs = (playedMs / interval + 1) * interval;
                    report("ProgressReportIntervalPassed", item);
                }
                if (!positionReported && item.offsetMs >= progress.path("progressReportPositionInMilliseconds").asLong()) {
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
