package dev.opencic.client.audio;

/**
 * Where music goes: decodes an {@link AudioStream} and plays it (a speaker), or paces through it
 * at real time (a device without one). The SDK has no decoder of its own so that it stays small
 * and usable on Android, where the platform's player decodes; the reference device's output
 * decodes MP3 with libmp3lame.
 */
public interface MusicOutput {

    /**
     * Plays {@code stream} from {@link Playback#startOffsetMs()} and returns when it reached the
     * end, or early once {@link Playback#awaitPlaying()} says the item was stopped. Reports what it
     * played with {@link Playback#played}. Called on a playback thread of the player, one item at
     * a time.
     *
     * @throws Exception if the stream cannot be read or decoded; the item fails (the player moves
     *     on to the next queued item, and reports {@code PlayStopped} if there is none)
     */
    void play(AudioStream stream, Playback playback) throws Exception;
}
