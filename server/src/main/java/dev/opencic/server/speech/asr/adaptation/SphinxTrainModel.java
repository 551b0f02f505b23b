package dev.opencic.server.speech.asr.adaptation;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two files of the acoustic model that sphinxtrain's {@code bw} reads in another form than
 * PocketSphinx ships them: the model definition as text instead of binary ({@code mdef}), and the
 * mixture weights as floats instead of PocketSphinx's 8-bit quantised {@code sendump}. Written once
 * into a directory (kept across restarts; rewritten when missing), beside the model's own means,
 * variances and transition matrices, which {@code bw} reads as they are.
 *
 * <p>The conversions follow the readers in pocketsphinx 5prealpha ({@code bin_mdef_read},
 * {@code read_sendump} in {@code ptm_mgau.c}): a quantised weight {@code q} stands for the
 * probability {@code 1.0001^-(q << 10)}.
 */
final class SphinxTrainModel {

    static final String MDEF = "mdef.txt";
    static final String MIXTURE_WEIGHTS = "mixture_weights";

    private SphinxTrainModel() {}

    /** Writes both files into {@code dir} unless they are there; returns {@code dir}. */
    static Path prepare(Path acousticModel, Path dir) throws IOException {
        Files.createDirectories(dir);
        if (!Files.isRegularFile(dir.resolve(MDEF))) {
            byte[] mdef = Files.readAllBytes(acousticModel.resolve("mdef"));
            writeAtomically(dir.resolve(MDEF), out -> textMdef(mdef, new PrintWriter(out, false, StandardCharsets.US_ASCII)));
        }
        if (!Files.isRegularFile(dir.resolve(MIXTURE_WEIGHTS))) {
            byte[] sendump = Files.readAllBytes(acousticModel.resolve("sendump"));
            writeAtomically(dir.resolve(MIXTURE_WEIGHTS), out -> mixtureWeights(sendump, out));
        }
        return dir;
    }

    /** The binary model definition as sphinxtrain's text format (what {@code bin_mdef_write_text} writes). */
    static void textMdef(byte[] bin, PrintWriter out) {
        ByteBuffer b = ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        int headerLength = b.getInt();
        b.position(12 + headerLength);
        int nCi = b.getInt(), nPhone = b.getInt(), nEmit = b.getInt(), nCiSen = b.getInt(), nSen = b.getInt();
        int nTmat = b.getInt();
        b.getInt(); // n_sseq
        b.getInt(); // n_ctx
        int nCdTree = b.getInt();
        b.getInt(); // sil
        int namesStart = b.position();
        List<String> names = new ArrayList<>();
        int p = namesStart;
        for (int i = 0; i < nCi; i++) {
            int end = p;
            while (bin[end] != 0) {
                end++;
            }
            names.add(new String(bin, p, end - p, StandardCharsets.US_ASCII));
            p = end + 1;
        }
        p = namesStart + ((p - namesStart + 3) & ~3);
        p += nCdTree * 8;
        b.position(p);
        int[] ssid = new int[nPhone];
        int[] tmat = new int[nPhone];
        byte[][] info = new byte[nPhone][4];
        for (int i = 0; i < nPhone; i++) {
            ssid[i] = b.getInt();
            tmat[i] = b.getInt();
            b.get(info[i]);
        }
        int sseqSize = b.getInt();
        int[] sseq = new int[sseqSize];
        for (int i = 0; i < sseqSize; i++) {
            sseq[i] = Short.toUnsignedInt(b.getShort());
        }
        out.printf("0.3%n%d n_base%n%d n_tri%n%d n_state_map%n%d n_tied_state%n%d n_tied_ci_state%n%d n_tied_tmat%n",
                nCi, nPhone - nCi, nPhone * (nEmit + 1), nSen, nCiSen, nTmat);
        out.print("#\n# Columns definitions\n#base lft  rt p attrib tmat      ... state id's ...\n");
        String wordPositions = "ibesu";
        for (int i = 0; i < nPhone; i++) {
            String columns = i < nCi
                    ? String.format("%5s %3s %3s %1s", names.get(i), "-", "-", "-")
                    : String.format("%5s %3s %3s %c", names.get(info[i][1] & 0xff), names.get(info[i][2] & 0xff),
                            names.get(info[i][3] & 0xff), wordPositions.charAt(info[i][0]));
            // a triphone is a filler when its base phone is
            boolean filler = i < nCi ? info[i][0] != 0 : info[info[i][1] & 0xff][0] != 0;
            StringBuilder states = new StringBuilder();
            for (int j = 0; j < nEmit; j++) {
                states.append(j == 0 ? "" : " ").append(String.format("%6d", sseq[ssid[i] * nEmit + j]));
            }
            out.printf("%s %6s %4d %s N%n", columns, filler ? "filler" : "n/a", tmat[i], states);
        }
        out.flush();
    }

    /** The quantised {@code sendump} as sphinxtrain's float mixture weights, [senone][stream][density]. */
    static void mixtureWeights(byte[] sendump, OutputStream out) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(sendump).order(ByteOrder.LITTLE_ENDIAN);
        skipString(b); // title
        skipString(b); // header
        Map<String, String> header = new HashMap<>();
        for (int n = b.getInt(); n != 0; n = b.getInt()) {
            String line = new String(sendump, b.position(), n, StandardCharsets.US_ASCII).replace("\0", "");
            b.position(b.position() + n);
            int space = line.indexOf(' ');
            if (space > 0) {
                header.put(line.substring(0, space), line.substring(space + 1).trim());
            }
        }
        int nFeat = Integer.parseInt(header.getOrDefault("feature_count", "1"));
        int nDensity = Integer.parseInt(header.getOrDefault("mixture_count", "0"));
        int nSen = Integer.parseInt(header.getOrDefault("model_count", "0"));
        int nClusters = Integer.parseInt(header.getOrDefault("cluster_count", "0"));
        int bits = Integer.parseInt(header.getOrDefault("cluster_bits", "8"));
        if (nClusters == 0) {
            nDensity = b.getInt();
            nSen = b.getInt();
        }
        byte[] codebook = null;
        if (nClusters != 0) {
            codebook = new byte[nClusters == 15 ? 16 : nClusters];
            b.get(codebook);
        }
        int[][][] q = new int[nFeat][nDensity][nSen];
        for (int f = 0; f < nFeat; f++) {
            for (int d = 0; d < nDensity; d++) {
                for (int s = 0; s < nSen; s++) {
                    int v;
                    if (bits == 4) {
                        int packed = sendump[b.position() + s / 2] & 0xff;
                        v = s % 2 == 0 ? packed & 0x0f : packed >> 4;
                    } else {
                        v = sendump[b.position() + s] & 0xff;
                    }
                    q[f][d][s] = codebook != null ? codebook[v] & 0xff : v;
                }
                b.position(b.position() + (bits == 4 ? (nSen + 1) / 2 : nSen));
            }
        }
        if (b.hasRemaining()) {
            throw new IOException("sendump: " + b.remaining() + " bytes left after the weights");
        }
        double logBase = Math.log(1.0001);
        ByteBuffer o = ByteBuffer.allocate(4 * 5 + 4 * nSen * nFeat * nDensity).order(ByteOrder.LITTLE_ENDIAN);
        o.putInt(0x11223344).putInt(nSen).putInt(nFeat).putInt(nDensity).putInt(nSen * nFeat * nDensity);
        double[] w = new double[nDensity];
        for (int s = 0; s < nSen; s++) {
            for (int f = 0; f < nFeat; f++) {
                double sum = 0;
                for (int d = 0; d < nDensity; d++) {
                    w[d] = Math.exp(-q[f][d][s] * 1024 * logBase);
                    sum += w[d];
                }
                for (int d = 0; d < nDensity; d++) {
                    o.putFloat((float) (w[d] / sum));
                }
            }
        }
        out.write("s3\nversion 1.0\nendhdr\n".getBytes(StandardCharsets.US_ASCII));
        out.write(o.array());
    }

    /** Skips a length-prefixed string. */
    private static void skipString(ByteBuffer b) {
        int length = b.getInt();
        b.position(b.position() + length);
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path target, Writer writer) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
            writer.write(out);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
