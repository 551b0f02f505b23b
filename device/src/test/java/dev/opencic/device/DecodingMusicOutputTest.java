package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.client.audio.AudioStream;
import dev.opencic.client.audio.Playback;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device's output on its own: real-time pacing, the start offset, stopping, saving. */
class DecodingMusicOutputTest {

    @TempDir
    Path tmp;

    static final byte[] SONG = DeviceMusicTest.tone(1_200, 440);

    /** A Playback that records what the output reports. */
    static final class Recorder implements Playback {
        final long start;
        final AtomicLong played = new AtomicLong();
        final AtomicBoolean stopped = new AtomicBoolean();
        final List<Long> steps = new CopyOnWriteArrayList<>();
        /** The item is stopped once this much has played (as a Stop directive would stop it). */
        volatile long stopAfterMs = Long.MAX_VALUE;

        Recorder(long start) {
            this.start = start;
        }

        @Override
        public String token() {
            return "tok/1";
        }

        @Override
        public long startOffsetMs() {
            return start;
        }

        @Override
        public boolean awaitPlaying() {
            return !stopped.get();
        }

        @Override
        public boolean isPaused() {
            return false;
        }

        @Override
        public boolean isStopped() {
            return stopped.get();
        }

        @Override
        public void played(long millis) {
            steps.add(millis);
            if (played.addAndGet(millis) >= stopAfterMs) {
                stopped.set(true);
            }
        }

        @Override
        public float gain() {
            return 0.5f;
        }
    }

    static AudioStream stream(byte[] bytes) {
        InputStream in = new ByteArrayInputStream(bytes);
        return new AudioStream() {
            @Override
            public String url() {
                return "http://test/song.mp3";
            }

            @Override
            public String contentType() {
                return "audio/mpeg";
            }

            @Override
            public long contentLength() {
                return bytes.length;
            }

            @Override
            public InputStream body() {
                return in;
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void withoutASpeakerTheSongTakesItsOwnLengthAndIsSaved() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Recorder r = new Recorder(0);
        long t0 = System.nanoTime();

        new DecodingMusicOutput(tmp, false, warnings::add).play(stream(SONG), r);

        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.played.get()).isBetween(1_200L, 1_350L);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(1_100); // paced in real time, not decoded at full speed
        assertThat(r.steps).allSatisfy(step -> assertThat(step).isLessThanOrEqualTo(200));
        assertThat(Files.readAllBytes(tmp.resolve("music-tok_1.mp3"))).isEqualTo(SONG);
        assertThat(warnings).isEmpty(); // the sound card was not even tried
    }

    @Test
    void startsAtTheStartOffset() throws Exception {
        Recorder r = new Recorder(800);
        new DecodingMusicOutput(null, false, w -> {}).play(stream(SONG), r);
        assertThat(r.played.get()).isBetween(400L, 550L);
    }

    @Test
    void stopsWhenTheItemIsStopped() throws Exception {
        Recorder r = new Recorder(0);
        r.stopAfterMs = 300;
        new DecodingMusicOutput(null, false, w -> {}).play(stream(SONG), r);
        // it returned soon after the stop, not at the song's end (about 1,250 ms)
        assertThat(r.played.get()).isBetween(300L, 800L);
    }

    @Test
    void withASpeakerItPlaysOrFallsBackToPacingWithOneWarning() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        DecodingMusicOutput output = new DecodingMusicOutput(null, true, warnings::add);
        Recorder first = new Recorder(0);
        output.play(stream(SONG), first);
        output.play(stream(SONG), new Recorder(0));

        assertThat(first.played.get()).isBetween(1_200L, 1_350L);
        // a machine without sound hardware says so once; one with a line plays it
        assertThat(warnings.size()).isLessThanOrEqualTo(1);
        warnings.forEach(w -> assertThat(w).startsWith("no audio output line"));
    }
}
