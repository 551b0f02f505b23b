package dev.opencic.client.audio;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link MusicOutput} for tests: reads the whole stream (so fetching is real), then "plays"
 * {@link #durationMs} of audio in 100 ms steps, each taking {@link #stepSleepMs} of real time,
 * honouring pause and stop. Fails the item when the stream is empty.
 */
final class VirtualOutput implements MusicOutput {

    volatile long durationMs = 2_000;
    volatile long stepSleepMs = 5;
    final Map<String, Integer> bytesRead = new ConcurrentHashMap<>();
    final List<Float> gains = new CopyOnWriteArrayList<>();
    /** Set when a step found its item paused: the output is holding in {@link Playback#awaitPlaying()}. */
    volatile boolean heldWhilePaused;

    @Override
    public void play(AudioStream stream, Playback playback) throws Exception {
        byte[] all = stream.body().readAllBytes();
        if (all.length == 0) {
            throw new java.io.IOException("empty stream");
        }
        bytesRead.merge(playback.token(), all.length, Integer::sum);
        for (long pos = playback.startOffsetMs(); pos < durationMs; pos += 100) {
            if (playback.isPaused()) {
                heldWhilePaused = true;
            }
            if (!playback.awaitPlaying()) {
                return;
            }
            gains.add(playback.gain());
            Thread.sleep(stepSleepMs);
            playback.played(Math.min(100, durationMs - pos));
        }
    }
}
