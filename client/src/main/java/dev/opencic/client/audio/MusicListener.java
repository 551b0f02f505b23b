package dev.opencic.client.audio;

import dev.opencic.protocol.payload.AudioPlayer.AudioItem;

/**
 * Observes a {@link MusicPlayer}, for a display or a log. Abstract with empty methods: override
 * what you need. Calls come from the player's channels; keep them short.
 */
public abstract class MusicListener {

    /**
     * The player sent (queued for sending) an {@code AudioPlayer} event such as {@code
     * PlayStarted}; {@code audioItem} is the Play directive's item it is about, or null.
     */
    public void onPlaybackEvent(String eventName, AudioItem audioItem) {}

    /** An item could not be played (its URL failed, or the output could not decode it). */
    public void onPlaybackFailed(AudioItem audioItem, Throwable cause) {}

    /** The volume or mute state changed through a {@code PlaybackController} directive. */
    public void onVolumeChanged(int volume, boolean muted) {}
}
