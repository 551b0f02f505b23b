package dev.opencic.bench.asr;

import dev.opencic.server.nlu.TextNormalizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The spoken test corpus on disk: {@code corpus.tsv} (one row per WAV, written by
 * {@link CorpusGenerator}) and the 16 kHz mono 16-bit WAV files beside it.
 *
 * <p>Columns: {@code file voice text intent slots kind speech_start_ms speech_end_ms duration_ms span};
 * {@code intent} is empty when no intent is expected, {@code slots} a JSON object, {@code kind} one of
 * {@code templated}, {@code heldout}, {@code freetext}; {@code span} ({@code start-end}, word indexes
 * of {@code text}, end exclusive) marks the dictated words of a free-text sentence, empty otherwise
 * (and may be missing in older files).
 */
final class Corpus {

    static final String HEADER = "file\tvoice\ttext\tintent\tslots\tkind\tspeech_start_ms\tspeech_end_ms\tduration_ms\tspan";

    record Entry(Path file, String voice, String text, String intent, String slotsJson, String kind,
                 long speechStartMs, long speechEndMs, long durationMs, String span) {
        private static final java.util.regex.Pattern FILE_NAME = java.util.regex.Pattern.compile("^\\d+-([a-z0-9]+)-");

        /**
         * Who speaks where: one device. In the template corpus the voice column is the flite voice
         * ({@code rms/012-templated-timer.set.wav}); in a room corpus it names the condition and the
         * voice is in the file name ({@code reverb-medium+pink-20/012-rms-timer.set.wav}), so the
         * device is the pair, and a voice in two rooms is two devices.
         */
        String speaker() {
            java.util.regex.Matcher m = FILE_NAME.matcher(file.getFileName().toString());
            return m.find() && !m.group(1).equals(kind) ? voice + "/" + m.group(1) : voice;
        }

        String row(Path base) {
            return String.join("\t", base.relativize(file).toString(), voice, text, intent, slotsJson, kind,
                    Long.toString(speechStartMs), Long.toString(speechEndMs), Long.toString(durationMs), span);
        }
    }

    private Corpus() {}

    static List<Entry> read(Path tsv) throws IOException {
        Path base = tsv.toAbsolutePath().getParent();
        List<Entry> out = new ArrayList<>();
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("file\t") || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 9) {
                throw new IOException(tsv + ": expected 9 columns: " + line);
            }
            out.add(new Entry(base.resolve(f[0]), f[1], f[2], f[3], f[4], f[5], Long.parseLong(f[6]),
                    Long.parseLong(f[7]), Long.parseLong(f[8]), f.length > 9 ? f[9] : ""));
        }
        return out;
    }

    /** The PCM samples (16-bit little-endian bytes) of a 16 kHz mono 16-bit WAV; anything else is refused. */
    static byte[] readPcm(Path wav) throws IOException {
        byte[] b = Files.readAllBytes(wav);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (b.length < 12 || !new String(b, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
                || !new String(b, 8, 4, StandardCharsets.US_ASCII).equals("WAVE")) {
            throw new IOException(wav + ": not a WAV file");
        }
        int channels = -1, rate = -1, bits = -1;
        for (int i = 12; i + 8 <= b.length; ) {
            String id = new String(b, i, 4, StandardCharsets.US_ASCII);
            int len = bb.getInt(i + 4);
            if (id.equals("fmt ")) {
                channels = bb.getShort(i + 10);
                rate = bb.getInt(i + 12);
                bits = bb.getShort(i + 22);
            } else if (id.equals("data")) {
                if (channels != 1 || rate != 16000 || bits != 16) {
                    throw new IOException(wav + ": need 16 kHz mono 16-bit, got " + rate + " Hz, "
                            + channels + " channel(s), " + bits + " bit");
                }
                int end = len < 0 || i + 8 + (long) len > b.length ? b.length : i + 8 + len;
                return Arrays.copyOfRange(b, i + 8, end);
            }
            i += 8 + len + (len & 1);
        }
        throw new IOException(wav + ": no data chunk");
    }

    static short[] samples(byte[] pcm) {
        short[] s = new short[pcm.length / 2];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

    static void writeWav(Path wav, short[] samples) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bb.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length * 2)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(16000).putInt(32000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length * 2);
        for (short s : samples) {
            bb.putShort(s);
        }
        Files.write(wav, bb.array());
    }

    /** Word error rate pieces: word-level edit distance between reference and hypothesis. */
    static int wordErrors(List<String> ref, List<String> hyp) {
        int n = ref.size(), m = hyp.size();
        int[] prev = new int[m + 1], cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            for (int j = 1; j <= m; j++) {
                int cost = ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[m];
    }

    /**
     * Word errors of the hypothesis over the reference words {@code [from, to)} only: the reference and
     * hypothesis are aligned (minimum edit distance), and the substitutions and deletions of those
     * words count, plus insertions between them and after the span's last word up to the next aligned
     * reference word.
     */
    static int spanErrors(List<String> ref, List<String> hyp, int from, int to) {
        int n = ref.size(), m = hyp.size();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i][j - 1] + 1, d[i - 1][j] + 1), d[i - 1][j - 1] + cost);
            }
        }
        int errors = 0;
        int i = n, j = m;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1)) {
                if (!ref.get(i - 1).equals(hyp.get(j - 1)) && i - 1 >= from && i - 1 < to) {
                    errors++;
                }
                i--;
                j--;
            } else if (i > 0 && d[i][j] == d[i - 1][j] + 1) {
                if (i - 1 >= from && i - 1 < to) {
                    errors++;
                }
                i--;
            } else {
                // insertion after reference word i - 1
                if (i - 1 >= from && i - 1 < to) {
                    errors++;
                }
                j--;
            }
        }
        return errors;
    }

    /**
     * The words a transcript is scored on: {@link TextNormalizer#normalize} after joining the parts of a
     * hyphenated word, so that the dictionary's "wi-fi" and a reference's "wifi" are one word, not a
     * substitution and an insertion (a spelling difference, like the alternate-spelling maps of NIST
     * scoring). The corpus references have no hyphens, so their word positions (spans) do not move.
     */
    static List<String> scoringWords(String text) {
        return words(TextNormalizer.normalize(HYPHEN_INSIDE_WORD.matcher(text).replaceAll("$1")));
    }

    private static final Pattern HYPHEN_INSIDE_WORD = Pattern.compile("(\\p{L})-(?=\\p{L})");

    static List<String> words(String normalized) {
        return normalized.isBlank() ? List.of() : Arrays.asList(normalized.split(" "));
    }

    /** Nearest-rank percentile of unsorted values (p in 0..100); NaN when empty. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }
}
