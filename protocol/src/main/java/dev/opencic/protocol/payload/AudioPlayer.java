package dev.opencic.protocol.payload;

/** The payloads of the {@code AudioPlayer} namespace this project sends and receives (AudioPlayer.md). */
public final class AudioPlayer {
    private AudioPlayer() {}

    /** {@code progressReport} of an {@link AudioStreamInfo}; null fields are not asked for. */
    public record ProgressReport(Long progressReportDelayInMilliseconds, Long progressReportIntervalInMilliseconds,
                                 Long progressReportPositionInMilliseconds) {}

    /** AudioStreamInfoObject: where and how to get one stream. */
    public record AudioStreamInfo(String token, String url, Boolean urlPlayable, Long beginAtInMilliseconds,
                                  Long durationInMilliseconds, ProgressReport progressReport) {}

    /** AudioItemObject: one item of the play queue. */
    public record AudioItem(String audioItemId, AudioStreamInfo stream) {}

    /** Directive {@code Play}: {@code playBehavior} is REPLACE_ALL, ENQUEUE or REPLACE_ENQUEUED. */
    public record Play(AudioItem audioItem, String playBehavior) implements Payload {}

    /** Directive {@code StreamDeliver}: the stream a {@link StreamRequested} asked for. */
    public record StreamDeliver(String audioItemId, AudioStreamInfo audioStream) implements Payload {}

    /** Directive {@code ClearQueue}: {@code clearBehavior} is CLEAR_ALL or CLEAR_ENQUEUED. */
    public record ClearQueue(String clearBehavior) implements Payload {}

    /** Event {@code StreamRequested}: the item's stream has no playable URL yet. */
    public record StreamRequested(String audioItemId, AudioStreamInfo audioStream) implements Payload {}

    /**
     * Events {@code PlayStarted}, {@code PlayPaused}, {@code PlayResumed}, {@code PlayStopped},
     * {@code PlayFinished} and the {@code ProgressReport...Passed} ones all carry this.
     */
    public record PlaybackReport(String token, long offsetInMilliseconds) implements Payload {}

    /** Context object and event {@code PlaybackState} / {@code ReportPlaybackState}. */
    public record PlaybackState(PlayerActivity playerActivity, String token, Long offsetInMilliseconds,
                                Long totalInMilliseconds, String repeatMode) implements Payload {}
}
