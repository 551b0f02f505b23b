package dev.opencic.client.audio;

import dev.opencic.protocol.payload.AudioPlayer.AudioStreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One playing of one item, run on the player's playback channel: gets the URL (asking with
 * {@code StreamRequested} when the Play had none), opens the stream, hands it to the {@link
 * MusicOutput} and tells the player how it ended. It is the {@link Playback} the output sees. Its
 * state is guarded by the player's lock, whose monitor also wakes an output held by a pause.
 */
final class PlaybackSession implements Playback {

    private static final Logger log = LoggerFactory.getLogger(PlaybackSession.class);

    final QueuedItem item;
    final long startOffset;
    private final String startEvent;
    private final RealMusicPlayer player;
    private final MusicOutput output;
    private final StreamDeliveries deliveries;
    private final Duration deliverTimeout;
    private final ProgressReports progress;
    private volatile boolean stopped;
    /** Guarded by the player's lock. */
    boolean paused;
    private boolean startReported;
    private volatile AudioStream stream;
    /** The StreamDeliver this item waits for, if it does: stopping cancels the wait. */
    private volatile CompletableFuture<AudioStreamInfo> delivery;

    PlaybackSession(RealMusicPlayer player, QueuedItem item, String startEvent, MusicOutput output,
                    StreamDeliveries deliveries, Duration deliverTimeout) {
        this.player = player;
        this.item = item;
        this.startOffset = item.offsetMs;
        this.startEvent = startEvent;
        this.output = output;
        this.deliveries = deliveries;
        this.deliverTimeout = deliverTimeout;
        this.progress = new ProgressReports(item.progress(), startOffset);
    }

    /** Ends the playing: the output sees it stopped, a wait for StreamDeliver ends, the stream closes. */
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
            AudioStream opened = player.host().openStream(url);
            stream = opened;
            if (!player.opened(this)) {
                opened.close();
                return;
            }
            try (opened) {
                output.play(opened, this);
            }
        } catch (Throwable t) {
            failure = t;
        }
        player.ended(this, failure);
    }

    /** The URL to fetch: the Play's, or the StreamDeliver's after a StreamRequested. */
    private String url() throws Exception {
        if (item.playable()) {
            return item.stream.url();
        }
        CompletableFuture<AudioStreamInfo> delivered = deliveries.expect(item);
        delivery = delivered;
        try {
            synchronized (player) {
                if (stopped) {
                    return null;
                }
                player.requestStream(item);
            }
            AudioStreamInfo stream = delivered.get(deliverTimeout.toMillis(), TimeUnit.MILLISECONDS);
            // the delivered URL; the Play's stream stays as it was for the context
            String url = stream.url() != null ? stream.url() : item.stream.url();
            if (!QueuedItem.isHttp(url)) {
                throw new IOException("StreamDeliver for " + item + " has no http(s) url: " + url);
            }
            return stopped ? null : url;
        } catch (TimeoutException e) {
            throw new IOException("no StreamDeliver for " + item + " within " + deliverTimeout.toMillis() + " ms");
        } finally {
            deliveries.forget(item, delivered);
        }
    }

    /** Reports the start once, when the first audio came out (under the player's lock). */
    void reportStart() {
        if (!startReported) {
            startReported = true;
            player.report(startEvent, item);
        }
    }

    boolean isStoppedFlag() {
        return stopped;
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
        synchronized (player) {
            while (paused && !stopped && !player.isClosed()) {
                player.wait();
            }
            return !stopped && !player.isClosed();
        }
    }

    @Override
    public boolean isPaused() {
        synchronized (player) {
            return paused && !stopped;
        }
    }

    @Override
    public boolean isStopped() {
        return stopped || player.isClosed();
    }

    @Override
    public void played(long millis) {
        if (millis <= 0) {
            return;
        }
        synchronized (player) {
            if (stopped || paused || !player.isCurrent(this)) {
                return; // a chunk finishing after the pause: the reported position holds
            }
            reportStart();
            item.offsetMs += millis;
            player.publishState();
            for (String due : progress.played(millis, item.offsetMs)) {
                player.report(due, item);
            }
        }
    }

    @Override
    public float gain() {
        return player.gain();
    }
}
