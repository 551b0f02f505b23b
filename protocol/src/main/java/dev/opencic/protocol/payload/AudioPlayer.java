package dev.opencic.protocol.payload;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The payloads of the {@code AudioPlayer} namespace this project sends and receives (AudioPlayer.md). */
public final class AudioPlayer {
    private AudioPlayer() {}

    /**
     * {@code progressReport} of an {@link AudioStreamInfo}; null fields are not asked for, and are
     * written as {@code null} as in the reference's examples.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ProgressReport(Long progressReportDelayInMilliseconds, Long progressReportIntervalInMilliseconds,
                                 Long progressReportPositionInMilliseconds) {}

    /** AudioStreamInfoObject: where and how to get one stream. */
    @JsonPropertyOrder({"token", "beginAtInMilliseconds", "durationInMilliseconds", "progressReport", "url",
                        "urlPlayable"})
    public record AudioStreamInfo(String token, String url, Boolean urlPlayable, Long beginAtInMilliseconds,
                                  Long durationInMilliseconds, ProgressReport progressReport) {}

    /** {@code album} of an {@link AudioItem}: its title and genres. */
    public record Album(String title, List<String> genres) {

        public Album {
            genres = genres == null ? null : List.copyOf(genres);
        }
    }

    /**
     * AudioItemObject: one item of the play queue, with the texts to show for it. {@code title},
     * {@code artists}, {@code id}, {@code type} and {@code album} are not in the reference's table;
     * this project's music skill sends them (the catalogue id and type of the track).
     */
    @JsonPropertyOrder({"audioItemId", "id", "type", "title", "titleText", "artists", "titleSubText1", "album",
                        "titleSubText2", "headerText", "artImageUrl", "stream"})
    public record AudioItem(String audioItemId, String title, List<String> artists, String titleText,
                            String titleSubText1, String titleSubText2, String headerText, String artImageUrl,
                            AudioStreamInfo stream, String id, String type, Album album) {

        public AudioItem {
            artists = artists == null ? List.of() : List.copyOf(artists);
        }

        public AudioItem(String audioItemId, String title, List<String> artists, String titleText,
                         String titleSubText1, String titleSubText2, String headerText, String artImageUrl,
                         AudioStreamInfo stream) {
            this(audioItemId, title, artists, titleText, titleSubText1, titleSubText2, headerText, artImageUrl,
                    stream, null, null, null);
        }
    }

    /** {@code source} of a {@link Play}: where the music comes from, to show. */
    public record Source(String name) {}

    /** {@code playBehavior} of a {@link Play}. */
    public enum PlayBehavior {
        /** Stop what plays, empty the queue, play this. */
        REPLACE_ALL,
        /** Append to the queue. */
        ENQUEUE,
        /** Replace the items after the one playing. */
        REPLACE_ENQUEUED
    }

    /** {@code clearBehavior} of a {@link ClearQueue}. */
    public enum ClearBehavior {
        /** Stop what plays and empty the queue. */
        CLEAR_ALL,
        /** Empty the queue after the item playing. */
        CLEAR_ENQUEUED
    }

    /** Directive {@code Play}. */
    public record Play(AudioItem audioItem, PlayBehavior playBehavior, Source source) implements Payload {

        public Play(AudioItem audioItem, PlayBehavior playBehavior) {
            this(audioItem, playBehavior, null);
        }
    }

    /**
     * Directive {@code StreamDeliver}: the stream a {@link StreamRequested} asked for. The reference's
     * table names it {@code audioStream}, its examples {@code stream}; {@link #deliveredStream()}
     * takes whichever came.
     */
    public record StreamDeliver(String audioItemId, AudioStreamInfo audioStream, AudioStreamInfo stream)
            implements Payload {

        /** {@code audioStream}, else {@code stream}, else null. */
        public AudioStreamInfo deliveredStream() {
            return audioStream != null ? audioStream : stream;
        }
    }

    /** Directive {@code ClearQueue}. */
    public record ClearQueue(ClearBehavior clearBehavior) implements Payload {}

    /**
     * Event {@code StreamRequested}: the item's stream has no playable URL yet. The reference's table
     * names the object {@code audioStream}, its examples {@code stream}; {@link #requestedStream()}
     * takes whichever came.
     */
    public record StreamRequested(String audioItemId, AudioStreamInfo audioStream, AudioStreamInfo stream)
            implements Payload {

        public StreamRequested(String audioItemId, AudioStreamInfo audioStream) {
            this(audioItemId, audioStream, null);
        }

        /** {@code audioStream}, else {@code stream}, else null. */
        public AudioStreamInfo requestedStream() {
            return audioStream != null ? audioStream : stream;
        }
    }

    /**
     * Events {@code PlayStarted}, {@code PlayPaused}, {@code PlayResumed}, {@code PlayStopped},
     * {@code PlayFinished} and the {@code ProgressReport...Passed} ones all carry this.
     */
    public record PlaybackReport(String token, long offsetInMilliseconds) implements Payload {}

    /**
     * Context object {@code PlaybackState} and event {@code ReportPlaybackState}; {@code stream} is
     * the item's as the Play directive gave it. Null fields are left out; an activity a later
     * reference adds reads as null rather than making the whole state unreadable.
     */
    public record PlaybackState(@JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                                PlayerActivity playerActivity, String repeatMode, String token,
                                Long offsetInMilliseconds, Long totalInMilliseconds, AudioStreamInfo stream)
            implements Payload {}

    /** Directive {@code ExpectReportPlaybackState}: no fields; the device answers with {@code ReportPlaybackState}. */
    public record ExpectReportPlaybackState() implements Payload {}

    /**
     * Event {@code RequestPlaybackState} (internal-only in the reference): an app of the account asks
     * for the playback state of {@code deviceId}, or of every device of the account when it is null.
     */
    public record RequestPlaybackState(String deviceId) implements Payload {}

    /**
     * Directive {@code SynchronizePlaybackState}: the playback state of device {@code deviceId} (the
     * answer to {@link RequestPlaybackState}, one directive per device); {@code event} names what
     * last happened on it ({@code PlayStarted}...), when known.
     */
    public record SynchronizePlaybackState(String deviceId, String event, PlaybackState playbackState)
            implements Payload {}
}
