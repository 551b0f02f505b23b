package dev.opencic.device;

import dev.opencic.client.Attachment;
import dev.opencic.client.agent.AudioOutput;
import java.io.ByteArrayInputStream;
import java.util.function.Consumer;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * The reference device's voice: each Speak's MP3 decoded with libmp3lame ({@link Mp3Decoder}) and
 * played on a PCM line, returning when the line has played it (so the SDK's SpeechFinished comes
 * from real playback) or as soon as {@link #stop()} stopped it (barge-in: SpeechStopped). The
 * printer has already saved the clip ({@code --out} or the temporary folder). Without an audio
 * line, or without libmp3lame, it says so once and returns at once: the speech is saved, as on a
 * device without a speaker.
 */
final class SpeakerOutput implements AudioOutput {

    /** A PCM line: the sound card, or in tests one that consumes the audio at its real rate. */
    interface Line extends AutoCloseable {
        /** Plays {@code len} bytes of 16-bit little-endian PCM; blocks while the line is full. */
        void write(byte[] pcm, int off, int len);

        /** Returns when everything written has been played. */
        void drain();

        /** Drops what is not played yet and unblocks a {@link #write} in progress (from another thread). */
        void stop();

        @Override
        void close();
    }

    /** Opens lines. */
    interface Lines {
        /** @throws LineUnavailableException when there is no audio output */
        Line open(int sampleRate, int channels) throws LineUnavailableException;
    }

    /** The default javax.sound output line. */
    static final Lines SOUND_CARD = (sampleRate, channels) -> {
        AudioFormat format = new AudioFormat(sampleRate, 16, channels, true, false);
        SourceDataLine l;
        try {
            l = AudioSystem.getSourceDataLine(format);
        } catch (IllegalArgumentException | SecurityException e) {
            throw new LineUnavailableException(e.getMessage());
        }
        l.open(format, sampleRate * channels * 2 / 4); // 250 ms buffer
        l.start();
        return new Line() {
            @Override
            public void write(byte[] pcm, int off, int len) {
                l.write(pcm, off, len);
            }

            @Override
            public void drain() {
                l.drain();
            }

            @Override
            public void stop() {
                l.stop();
                l.flush();
            }

            @Override
            public void close() {
                l.close();
            }
        };
    };

    private final Lines lines;
    private final Consumer<String> warn;
    private volatile boolean warned;
    private volatile Line playing;
    private volatile boolean stopRequested;

    /**
     * @param lines where speech is played
     * @param warn  told once when speech cannot be played (no audio line, no decoder)
     */
    SpeakerOutput(Lines lines, Consumer<String> warn) {
        this.lines = lines;
        this.warn = warn;
    }

    @Override
    public void play(Attachment audio, String format, String token) throws Exception {
        if (!"AUDIO_MPEG".equals(format) && !audio.contentType().contains("mpeg")) {
            warnOnce("cannot play speech in " + format + " (the reference device decodes MP3); it is saved");
            return;
        }
        stopRequested = false;
        Mp3Decoder decoder;
        try {
            decoder = Mp3Decoder.open();
        } catch (java.io.IOException e) {
            warnOnce(e.getMessage() + "; speech is saved, not played");
            return;
        }
        Line[] line = new Line[1];
        byte[][] bytes = {new byte[0]};
        try (decoder) {
            decoder.decode(new ByteArrayInputStream(audio.bytes()), (left, right, samples, sampleRate, channels) -> {
                if (stopRequested) {
                    return false;
                }
                if (line[0] == null) {
                    try {
                        line[0] = lines.open(sampleRate, channels);
                    } catch (LineUnavailableException e) {
                        warnOnce("no audio output line (" + e.getMessage() + "); speech is saved, not played");
                        return false;
                    }
                    playing = line[0];
                    if (stopRequested) { // stopped while the line opened
                        return false;
                    }
                }
                int n = samples * channels * 2;
                if (bytes[0].length < n) {
                    bytes[0] = new byte[n];
                }
                byte[] b = bytes[0];
                int at = 0;
                for (int i = 0; i < samples; i++) {
                    b[at++] = (byte) left[i];
                    b[at++] = (byte) (left[i] >> 8);
                    if (channels == 2) {
                        b[at++] = (byte) right[i];
                        b[at++] = (byte) (right[i] >> 8);
                    }
                }
                line[0].write(b, 0, at);
                return !stopRequested;
            });
            if (line[0] != null && !stopRequested) {
                line[0].drain();
            }
        } finally {
            playing = null;
            if (line[0] != null) {
                line[0].close();
            }
        }
    }

    /** Stops the speech playing now (the SDK calls this when a newer dialog starts: barge-in). */
    @Override
    public void stop() {
        stopRequested = true;
        Line l = playing;
        if (l != null) {
            l.stop();
        }
    }

    private void warnOnce(String message) {
        if (!warned) {
            warned = true;
            warn.accept(message);
        }
    }
}
