package dev.opencic.client.context;

import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.protocol.payload.PlayerActivity;
import java.util.Objects;

/**
 * {@code AudioPlayer.PlaybackState}: {@code playerActivity} ({@link PlayerActivity}),
 * {@code repeatMode}, and while not idle the {@code stream} (as the Play directive gave it), {@code
 * offsetInMilliseconds} and {@code totalInMilliseconds}.
 */
public final class PlaybackStateContext extends SettableContext {

    private PlayerActivity activity = PlayerActivity.IDLE;
    private String repeatMode = "NONE";
    private AudioPlayer.AudioStreamInfo stream;
    private long offsetMs;
    private long totalMs = -1;

    /** Starts idle, repeat mode NONE. */
    public PlaybackStateContext() {
        super("AudioPlayer", "PlaybackState");
    }

    /** The player is idle: only activity and repeat mode are reported. */
    public synchronized void idle() {
        activity = PlayerActivity.IDLE;
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
    public synchronized void set(PlayerActivity activity, AudioPlayer.AudioStreamInfo stream, long offsetMs, long totalMs) {
        this.activity = Objects.requireNonNull(activity, "activity");
        this.stream = stream;
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

    /** The repeat mode now: NONE or REPEAT_ONE. */
    public synchronized String repeatMode() {
        return repeatMode;
    }

    /** The state now, as the context object's payload says it. */
    public synchronized AudioPlayer.PlaybackState state() {
        boolean idle = activity == PlayerActivity.IDLE;
        return new AudioPlayer.PlaybackState(activity, repeatMode, null, idle ? null : offsetMs,
                idle || totalMs < 0 ? null : totalMs, idle ? null : stream);
    }

    @Override
    Payload payload() {
        return state();
    }
}
