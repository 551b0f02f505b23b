package dev.opencic.client.audio;

/**
 * One item being played, as a {@link MusicOutput} sees it: where to start, when to hold (paused)
 * or give up (stopped), and the volume to apply. The output tells it how much audio it played with
 * {@link #played}: the position, the {@code AudioPlayer.PlaybackState} offset and the progress
 * reports all follow from those calls, so an output that plays faster than real time (a test)
 * simply moves the clock faster.
 */
public interface Playback {

    /** The stream's token from the Play directive. */
    String token();

    /**
     * Where the audio should start, in milliseconds into the stream ({@code beginAtInMilliseconds}, or
     * where a stopped item is resumed): the output decodes and drops everything before it.
     */
    long startOffsetMs();

    /**
     * Blocks while the item is paused. Call it before writing each chunk of audio.
     *
     * @return true to go on playing; false once the item was stopped or replaced (return from
     *     {@link MusicOutput#play} then)
     */
    boolean awaitPlaying() throws InterruptedException;

    /**
     * Whether the item is paused now: an output with a hardware buffer stops its line before it
     * calls {@link #awaitPlaying}, so the music stops at once rather than when the buffer drains.
     */
    boolean isPaused();

    /** Whether the item was stopped or replaced; a non-blocking {@link #awaitPlaying}. */
    boolean isStopped();

    /**
     * The output played {@code millis} more of audio (after {@link #startOffsetMs()}). A chunk that
     * finishes after a pause is not counted, so the paused position is the one reported.
     */
    void played(long millis);

    /** The linear gain to apply now: 0 when muted, else volume / 10 (0..1). */
    float gain();
}
