package dev.opencic.device;

import dev.opencic.client.audio.AudioStream;
import dev.opencic.client.audio.MusicOutput;
import dev.opencic.client.audio.Playback;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * The reference device's music output: decodes MP3 with libmp3lame ({@link Mp3Decoder}) and Ogg
 * Vorbis with libvorbisfile ({@link VorbisDecoder}, told apart by the stream's first bytes), and plays
 * it on the default javax.sound line, or, when there is none (a server, a container) or the
 * speaker is off, paces through it at real time so positions, pauses and progress reports behave
 * as on a speaker. With a save directory each stream's bytes are also written to {@code
 * <dir>/music-<token>.mp3} (or {@code .ogg}) as they are played. Other formats (FLAC, AAC) fail
 * the item.
 */
final class DecodingMusicOutput implements MusicOutput {

    private final Path saveDir;
    private final boolean speaker;
    private final Consumer<String> warn;
    private volatile boolean warnedNoLine;

    /**
     * @param saveDir where streams are saved, or null
     * @param speaker whether to try the sound card at all
     * @param warn    told once when no audio line is available
     */
    DecodingMusicOutput(Path saveDir, boolean speaker, Consumer<String> warn) {
        this.saveDir = saveDir;
        this.speaker = speaker;
        this.warn = warn;
    }

    @Override
    public void play(AudioStream stream, Playback playback) throws Exception {
        String type = stream.contentType().toLowerCase(java.util.Locale.ROOT);
        if (type.contains("flac") || type.contains("mp4") || type.contains("aac") || type.contains("opus")) {
            throw new IOException("cannot play " + type + ": the reference device decodes MP3 and Ogg Vorbis");
        }
        java.io.BufferedInputStream peek = new java.io.BufferedInputStream(stream.body(), 8192);
        peek.mark(4);
        byte[] magic = peek.readNBytes(4);
        peek.reset();
        boolean ogg = magic.length == 4 && magic[0] == 'O' && magic[1] == 'g' && magic[2] == 'g' && magic[3] == 'S';
        InputStream in = peek;
        OutputStream save = null;
        if (saveDir != null) {
            Files.createDirectories(saveDir);
            save = Files.newOutputStream(saveDir.resolve("music-" + safe(playback.token()) + (ogg ? ".ogg" : ".mp3")));
            in = new Tee(in, save);
        }
        try (OutputStream closeSave = save) {
            Sink sink = new Sink(playback);
            try {
                if (ogg) {
                    try (VorbisDecoder decoder = VorbisDecoder.open()) {
                        decoder.decode(in, sink);
                    }
                } else {
                    try (Mp3Decoder decoder = Mp3Decoder.open()) {
                        decoder.decode(in, sink);
                    }
                }
                sink.drain();
            } finally {
                sink.close();
            }
        }
    }

    private static String safe(String token) {
        String s = token.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    /** Receives decoded frames: skips to the start offset, applies the gain, plays or paces. */
    private final class Sink implements Mp3Decoder.FrameSink {
        private final Playback playback;
        private long skipSamples = -1;
        private SourceDataLine line;
        private boolean lineTried;
        private byte[] bytes = new byte[0];
        private long baseNanos;
        private long pacedNanos;
        /** Samples played but not yet reported, reported in ~100 ms steps. */
        private long pendingSamples;

        Sink(Playback playback) {
            this.playback = playback;
        }

        @Override
        public boolean frame(short[] left, short[] right, int samples, int sampleRate, int channels) throws Exception {
            if (skipSamples < 0) {
                skipSamples = playback.startOffsetMs() * sampleRate / 1000;
            }
            int from = 0;
            if (skipSamples > 0) {
                int s = (int) Math.min(skipSamples, samples);
                skipSamples -= s;
                from = s;
                if (from == samples) {
                    return !playback.isStopped();
                }
            }
            if (playback.isPaused()) {
                if (line != null) {
                    line.stop();
                }
                long t0 = System.nanoTime();
                boolean go = playback.awaitPlaying();
                baseNanos += System.nanoTime() - t0;
                if (!go) {
                    return false;
                }
                if (line != null) {
                    line.start();
                }
            } else if (!playback.awaitPlaying()) {
                return false;
            }
            int n = samples - from;
            if (!lineTried) {
                lineTried = true;
                line = openLine(sampleRate, channels);
                baseNanos = System.nanoTime();
            }
            if (line != null) {
                float gain = playback.gain();
                if (bytes.length < n * channels * 2) {
                    bytes = new byte[n * channels * 2];
                }
                int b = 0;
                for (int i = from; i < samples; i++) {
                    b = put(bytes, b, left[i], gain);
                    if (channels == 2) {
                        b = put(bytes, b, right[i], gain);
                    }
                }
                line.write(bytes, 0, b);
            } else {
                pacedNanos += n * 1_000_000_000L / sampleRate;
                long wait = baseNanos + pacedNanos - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            pendingSamples += n;
            long ms = pendingSamples * 1000 / sampleRate;
            if (ms >= 100) {
                pendingSamples -= ms * sampleRate / 1000;
                playback.played(ms);
            }
            this.sampleRate = sampleRate;
            return true;
        }

        private int sampleRate = 44_100;

        void drain() {
            if (line != null && !playback.isStopped()) {
                line.drain();
            }
            long ms = pendingSamples * 1000 / sampleRate;
            if (ms > 0 && !playback.isStopped()) {
                playback.played(ms);
            }
        }

        void close() {
            if (line != null) {
                line.close();
            }
        }

        private int put(byte[] out, int at, short sample, float gain) {
            int v = Math.round(sample * gain);
            out[at] = (byte) v;
            out[at + 1] = (byte) (v >> 8);
            return at + 2;
        }

        private SourceDataLine openLine(int sampleRate, int channels) {
            if (!speaker) {
                return null;
            }
            AudioFormat format = new AudioFormat(sampleRate, 16, channels, true, false);
            try {
                SourceDataLine l = AudioSystem.getSourceDataLine(format);
                l.open(format, sampleRate * channels * 2 / 4); // 250 ms buffer
                l.start();
                return l;
            } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
                if (!warnedNoLine) {
                    warnedNoLine = true;
                    warn.accept("no audio output line (" + e.getMessage() + "); music is paced in real time"
                            + (saveDir != null ? " and saved to " + saveDir : " without sound"));
                }
                return null;
            }
        }
    }

    /** Copies what is read to a file. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;

        Tee(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }
    }
}
