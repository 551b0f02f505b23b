package dev.opencic.client.audio;

import dev.opencic.protocol.payload.AudioPlayer.ProgressReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ProgressReport*Passed} events one playing of an item owes: the delay and interval
 * reports count audio played since the start (pauses excluded), the position report the offset in
 * the stream. Not thread-safe; its session calls it under the player's lock.
 */
final class ProgressReports {

    private final ProgressReport asked;
    private long playedMs;
    private boolean delayReported;
    private boolean positionReported;
    private long nextIntervalMs;

    /** The reports {@code asked} for, by a playing that starts at {@code startOffsetMs}. */
    ProgressReports(ProgressReport asked, long startOffsetMs) {
        this.asked = asked;
        Long interval = asked.progressReportIntervalInMilliseconds();
        this.nextIntervalMs = interval != null && interval > 0 ? interval : Long.MAX_VALUE;
        Long position = asked.progressReportPositionInMilliseconds();
        this.positionReported = position == null || position < startOffsetMs;
        Long delay = asked.progressReportDelayInMilliseconds();
        this.delayReported = delay == null || delay <= 0;
    }

    /** The events due now that {@code millis} more audio played, the item being at {@code offsetMs}. */
    List<String> played(long millis, long offsetMs) {
        playedMs += millis;
        List<String> due = new ArrayList<>(1);
        if (!delayReported && playedMs >= asked.progressReportDelayInMilliseconds()) {
            delayReported = true;
            due.add("ProgressReportDelayPassed");
        }
        if (playedMs >= nextIntervalMs) {
            long interval = asked.progressReportIntervalInMilliseconds();
            nextIntervalMs = (playedMs / interval + 1) * interval;
            due.add("ProgressReportIntervalPassed");
        }
        if (!positionReported && offsetMs >= asked.progressReportPositionInMilliseconds()) {
            positionReported = true;
            due.add("ProgressReportPositionPassed");
        }
        return due;
    }
}
