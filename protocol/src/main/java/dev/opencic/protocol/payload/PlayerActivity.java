package dev.opencic.protocol.payload;

/**
 * {@code playerActivity} of {@code AudioPlayer.PlaybackState} and {@code
 * AudioPlayer.ReportPlaybackState}, with the four values the reference (AudioPlayer.md) names.
 */
public enum PlayerActivity {
    /** Not in use. */
    IDLE,
    /** Playing. */
    PLAYING,
    /** Paused. */
    PAUSED,
    /** Stopped. */
    STOPPED
}
