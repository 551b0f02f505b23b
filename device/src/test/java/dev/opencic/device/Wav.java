package dev.opencic.device;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntToDoubleFunction;

/** Writes WAV files byte by byte, so tests control every header field. */
final class Wav {

    static final int PCM = 1;
    static final int FLOAT = 3;

    private Wav() {}

    /** A RIFF/WAVE file with one fmt chunk and one data chunk. */
    static byte[] file(int formatCode, int rate, int channels, int bits, byte[] data) {
        int blockAlign = channels * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) formatCode).putShort((short) channels)
                .putInt(rate).putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        b.put("data".getBytes()).putInt(data.length).put(data);
        return b.array();
    }

    /**
     * Interleaved little-endian PCM of {@code seconds} of audio: {@code signal.applyAsDouble(i)} in
     * [-1, 1] for frame i, the same on every channel. 8-bit is unsigned, as WAV has it.
     */
    static byte[] pcm(int rate, int channels, int bits, double seconds, IntToDoubleFunction signal) {
        int frames = (int) Math.round(rate * seconds);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int bytes = bits / 8;
        for (int i = 0; i < frames; i++) {
            double v = signal.applyAsDouble(i);
            for (int c = 0; c < channels; c++) {
                if (bits == 8) {
                    out.write((int) Math.round(v * 127) + 128);
                } else {
                    long s = Math.round(v * ((1L << (bits - 1)) - 1));
                    for (int k = 0; k < bytes; k++) {
                        out.write((int) (s >> (8 * k)) & 0xFF);
                    }
                }
            }
        }
        return out.toByteArray();
    }

    /** A sine of {@code hz} at {@code amplitude}. */
    static IntToDoubleFunction sine(double hz, int rate, double amplitude) {
        return i -> amplitude * Math.sin(2 * Math.PI * hz * i / rate);
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 16-bit little-endian samples as ints. */
    static int[] samples(byte[] pcm16) {
        int[] s = new int[pcm16.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) ((pcm16[2 * i] & 0xFF) | (pcm16[2 * i + 1] << 8));
        }
        return s;
    }

    /** Upward zero crossings per second: about the frequency of a sine. */
    static double frequency(int[] s, int rate) {
        int crossings = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i - 1] < 0 && s[i] >= 0) {
                crossings++;
            }
        }
        return crossings / (s.length / (double) rate);
    }

    static int peak(int[] s) {
        int p = 0;
        for (int v : s) {
            p = Math.max(p, Math.abs(v));
        }
        return p;
    }
}
