package dev.opencic.client.audio;

import dev.opencic.protocol.payload.AudioPlayer.AudioItem;
import dev.opencic.protocol.payload.AudioPlayer.AudioStreamInfo;
import dev.opencic.protocol.payload.AudioPlayer.ProgressReport;
import java.util.Objects;

/** One queued Play: its item as received and where it was left (guarded by the player's lock). */
final class QueuedItem {
    final AudioItem audioItem;
    final String audioItemId;
    final AudioStreamInfo stream;
    long offsetMs;

    QueuedItem(AudioItem audioItem) {
        this.audioItem = audioItem;
        this.audioItemId = Objects.requireNonNullElse(audioItem.audioItemId(), "");
        this.stream = audioItem.stream();
        this.offsetMs = beginAtMs();
    }

    String token() {
        return Objects.requireNonNullElse(stream.token(), "");
    }

    long totalMs() {
        return stream.durationInMilliseconds() != null ? stream.durationInMilliseconds() : -1;
    }

    long beginAtMs() {
        return stream.beginAtInMilliseconds() != null ? Math.max(0, stream.beginAtInMilliseconds()) : 0;
    }

    ProgressReport progress() {
        return stream.progressReport() != null ? stream.progressReport() : new ProgressReport(null, null, null);
    }

    /** Whether the Play carried a URL the device can fetch as is. */
    boolean playable() {
        return isHttp(stream.url()) && !Boolean.FALSE.equals(stream.urlPlayable());
    }

    /** The key a StreamDeliver for this item is matched by: its audioItemId, else its token. */
    String deliveryKey() {
        return audioItemId.isEmpty() ? "token:" + token() : audioItemId;
    }

    static boolean isHttp(String url) {
        return url != null && (url.startsWith("http://") || url.startsWith("https://"));
    }

    @Override
    public String toString() {
        return "token=" + token() + " audioItemId=" + audioItemId;
    }
}
