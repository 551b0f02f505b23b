package dev.opencic.device;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Reads a WAV file (anything javax.sound reads as PCM: 8-bit unsigned, 16/24/32-bit signed, 32/64-bit
 * float, any rate and channel count, and a-law/μ-law, which AudioSystem decodes) and converts it to
 * what {@code SpeechRecognizer.Recognize} carries: 16 kHz, mono, 16-bit signed little-endian.
 * The JDK has no sample-rate converter, so channels are averaged and the rate is changed here with
 * linear interpolation (after a moving-average low-pass when downsampling). Compressed encodings
 * (MP3, ADPCM...) are refused with a one-line message.
 */
final class WavReader {

    /** The format sent to the server. */
    static final AudioFormat TARGET = new AudioFormat(16000f, 16, 1, true, false);
    static final int BYTES_PER_MS = 32;

    /** Converted audio, the format it came in, and warnings worth telling the user. */
    record Pcm(byte[] data, AudioFormat source, List<String> warnings) {
        long durationMillis() {
            return data.length / BYTES_PER_MS;
        }

        String describeSource() {
            return describe(source);
        }
    }

    /** Thrown for a file that cannot be used; the message is one line naming the file. */
    static final class UnsupportedAudioException extends IOException {
        UnsupportedAudioException(String message) {
            super(message);
        }
    }

    private WavReader() {}

    static Pcm read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UnsupportedAudioException(file + ": no such file");
        }
        AudioInputStream in;
        try {
            in = AudioSystem.getAudioInputStream(file.toFile());
        } catch (UnsupportedAudioFileException e) {
            throw new UnsupportedAudioException(file + ": not a WAV file with PCM audio (javax.sound cannot read it"
                    + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")");
        }
        try (in) {
            return convert(in, file.toString());
        }
    }

    static Pcm convert(AudioInputStream in, String name) throws IOException {
        AudioFormat f = in.getFormat();
        List<String> warnings = new ArrayList<>();
        AudioFormat.Encoding enc = f.getEncoding();
        AudioInputStream pcm = in;
        if (enc.equals(AudioFormat.Encoding.ULAW) || enc.equals(AudioFormat.Encoding.ALAW)) {
            AudioFormat decoded = new AudioFormat(f.getSampleRate(), 16, f.getChannels(), true, false);
            if (!AudioSystem.isConversionSupported(decoded, f)) {
                throw new UnsupportedAudioException(name + ": cannot decode " + enc + " audio");
            }
            pcm = AudioSystem.getAudioInputStream(decoded, in);
        } else if (!enc.equals(AudioFormat.Encoding.PCM_SIGNED) && !enc.equals(AudioFormat.Encoding.PCM_UNSIGNED)
                && !enc.equals(AudioFormat.Encoding.PCM_FLOAT)) {
            throw new UnsupportedAudioException(name + ": " + enc + " audio is not supported (expected PCM WAV)");
        }
        AudioFormat pf = pcm.getFormat();
        int bits = pf.getSampleSizeInBits();
        int channels = pf.getChannels();
        float rate = pf.getSampleRate();
        if (channels < 1 || rate <= 0 || bits <= 0 || bits % 8 != 0 || bits > 64) {
            throw new UnsupportedAudioException(name + ": unsupported audio format " + describe(pf));
        }
        if (pf.getEncoding().equals(AudioFormat.Encoding.PCM_FLOAT) && bits != 32 && bits != 64) {
            throw new UnsupportedAudioException(name + ": unsupported float sample size " + bits);
        }
        byte[] raw = readAll(pcm);
        double[] mono = toMono(raw, pf);
        if (rate < 16000f) {
            warnings.add(name + " is " + khz(rate) + " audio: upsampled to 16 kHz, recognition may suffer");
        }
        double[] resampled = resample(mono, rate, 16000f);
        if (mono.length == 0) {
            throw new UnsupportedAudioException(name + ": no audio samples");
        }
        return new Pcm(toPcm16(resampled), f, warnings);
    }

    /** Decodes interleaved frames to one channel in [-1, 1] by averaging the channels. */
    static double[] toMono(byte[] raw, AudioFormat f) {
        int bytes = f.getSampleSizeInBits() / 8;
        int channels = f.getChannels();
        int frameSize = bytes * channels;
        int frames = raw.length / frameSize;
        double[] out = new double[frames];
        boolean big = f.isBigEndian();
        AudioFormat.Encoding enc = f.getEncoding();
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += sample(raw, i * frameSize + c * bytes, bytes, big, enc);
            }
            out[i] = sum / channels;
        }
        return out;
    }

    private static double sample(byte[] b, int off, int bytes, boolean big, AudioFormat.Encoding enc) {
        long v = 0;
        for (int k = 0; k < bytes; k++) {
            int idx = big ? off + k : off + bytes - 1 - k;
            v = (v << 8) | (b[idx] & 0xFF);
        }
        if (enc.equals(AudioFormat.Encoding.PCM_FLOAT)) {
            return bytes == 4 ? Float.intBitsToFloat((int) v) : Double.longBitsToDouble(v);
        }
        int bits = bytes * 8;
        if (enc.equals(AudioFormat.Encoding.PCM_UNSIGNED)) {
            return (v - (1L << (bits - 1))) / (double) (1L << (bits - 1));
        }
        long signed = bits == 64 ? v : (v << (64 - bits)) >> (64 - bits);
        return signed / Math.pow(2, bits - 1);
    }

    /** Linear interpolation from {@code from} Hz to {@code to} Hz, low-passed first when downsampling. */
    static double[] resample(double[] in, float from, float to) {
        if (from == to || in.length == 0) {
            return in;
        }
        double ratio = from / (double) to;
        double[] src = ratio > 1 ? movingAverage(in, (int) Math.round(ratio)) : in;
        int n = (int) Math.floor(in.length / ratio);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double pos = i * ratio;
            int j = (int) pos;
            double frac = pos - j;
            double a = src[j];
            double b = j + 1 < src.length ? src[j + 1] : a;
            out[i] = a + (b - a) * frac;
        }
        return out;
    }

    private static double[] movingAverage(double[] in, int width) {
        if (width <= 1) {
            return in;
        }
        double[] out = new double[in.length];
        double sum = 0;
        int half = width / 2;
        // centred window [i - half, i - half + width)
        for (int i = 0; i < in.length + half; i++) {
            if (i < in.length) {
                sum += in[i];
            }
            int drop = i - width;
            if (drop >= 0) {
                sum -= in[drop];
            }
            int centre = i - half;
            if (centre >= 0 && centre < in.length) {
                int lo = Math.max(0, i - width + 1);
                int hi = Math.min(in.length - 1, i);
                out[centre] = sum / (hi - lo + 1);
            }
        }
        return out;
    }

    static byte[] toPcm16(double[] samples) {
        byte[] out = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            long v = Math.round(samples[i] * 32767.0);
            v = Math.max(-32768, Math.min(32767, v));
            out[2 * i] = (byte) v;
            out[2 * i + 1] = (byte) (v >> 8);
        }
        return out;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    static String describe(AudioFormat f) {
        String ch = f.getChannels() == 1 ? "mono" : f.getChannels() == 2 ? "stereo" : f.getChannels() + " channels";
        return khz(f.getSampleRate()) + " " + ch + " " + f.getSampleSizeInBits() + "-bit "
                + f.getEncoding().toString().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String khz(float rate) {
        float k = rate / 1000f;
        return (k == Math.rint(k) ? String.valueOf((int) k) : String.format(Locale.ROOT, "%.1f", k)) + " kHz";
    }
}
