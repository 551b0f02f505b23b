package dev.opencic.client.context;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;

/**
 * {@code AudioPlayer.PlaybackState}: {@code playerActivity} (IDLE, PLAYING, PAUSED, STOPPED),
 * {@code repeatMode}, and while not idle the {@code stream} (as the Play directive gave it), {@code
 * offsetInMilliseconds} and {@code totalInMilliseconds}.
 */
public final class PlaybackStateContext extends SettableContext {

    private static final Set<String> ACTIVITIES = Set.of("IDLE", "PLAYING", "PAUSED", "STOPPED");

    private String activity = "IDLE";
    private String repeatMode = "NONE";
    private ObjectNode stream;
    private long offsetMs;
    private long totalMs = -1;

    /** Starts idle, repeat mode NONE. */
    public PlaybackStateContext() {
        super("AudioPlayer", "PlaybackState");
    }

    /** The player is idle: only activity and repeat mode are reported. */
    public synchronized void idle() {
        activity = "IDLE";
        stream = null;
    }

    /**
     * Sets the player state.
     *
     * @param activity PLAYING, PAUSED or STOPPED (or IDLE)
     * @param stream   the {@code stream} object of the Play directive being played
     * @param offsetMs playback position
     * @param totalMs  the stream's duration, or -1 if unknown
     */
    public synchronized void set(String activity, ObjectNode stream, long offsetMs, long totalMs) {
        Objects.requireNonNull(activity, "activity");
        if (!ACTIVITIES.contains(activity)) {
            throw new IllegalArgumentException("activity: " + activity + " (expected: one of " + ACTIVITIES + ")");
        }
        this.activity = activity;
        this.stream = stream == null ? null : stream.deepCopy();
        this.offsetMs = offsetMs;
        this.totalMs = totalMs;
    }

    /** NONE or REPEAT_ONE. */
    public synchronized void repeatMode(String repeatMode) {
        if (!"NONE".equals(repeatMode) && !"REPEAT_ONE".equals(repeatMode)) {
            throw new IllegalArgumentException("repeatMode: " + repeatMode + " (expected: NONE or REPEAT_ONE)");
        }
        this.repeatMode = repeatMode;
    }

    @Override
    protected ObjectNode payload() {
        ObjectNode p = object().put("playerActivity", activity).put("repeatMode", repeatMode);
        if (!"IDLE".equals(activity)) {
            p.put("offsetInMilliseconds", offsetMs);
            if (totalMs >= 0) {
                p.put("totalInMilliseconds", totalMs);
            }
            if (stream != null) {
                p.set("stream", stream.deepCopy());
            }
        }
        return p;
    }
}
