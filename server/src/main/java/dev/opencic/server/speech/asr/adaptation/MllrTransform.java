package dev.opencic.server.speech.asr.adaptation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The text format of an MLLR mean transform as {@code mllr_solve} writes it and {@code ps_mllr_read}
 * reads it: the number of classes, of feature streams, then per stream its length and per class the
 * matrix A (rows), the bias b and the variance scale h.
 */
final class MllrTransform {

    private MllrTransform() {}

    /**
     * Writes the transform that changes nothing (A = I, b = 0, h = 1) for feature streams of these
     * lengths: applying it gives a decoder back the model as shipped.
     */
    static void writeIdentity(Path file, int[] streamLengths) throws IOException {
        StringBuilder s = new StringBuilder("1\n").append(streamLengths.length).append('\n');
        for (int veclen : streamLengths) {
            s.append(veclen).append('\n');
            for (int row = 0; row < veclen; row++) {
                for (int col = 0; col < veclen; col++) {
                    s.append(row == col ? "1.0 " : "0.0 ");
                }
                s.append('\n');
            }
            s.append("0.0 ".repeat(veclen)).append('\n');
            s.append("1.0 ".repeat(veclen)).append('\n');
        }
        Files.writeString(file, s, StandardCharsets.US_ASCII);
    }

    /**
     * The feature streams' lengths of a model's {@code means} (sphinx's s3 format: a text header up
     * to {@code endhdr}, the byte-order word, then the counts of codebooks, streams and densities and
     * each stream's length). The en-us model has three streams of 13.
     */
    static int[] streamLengths(Path means) throws IOException {
        byte[] head = new byte[4096];
        int n;
        try (java.io.InputStream in = Files.newInputStream(means)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String text = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("endhdr\n");
        if (end < 0) {
            throw new IOException(means + " has no s3 header");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(head, end + 7, n - end - 7);
        int magic = b.order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        if (magic != 0x11223344) {
            b.order(java.nio.ByteOrder.BIG_ENDIAN);
        }
        b.getInt(); // codebooks
        int streams = b.getInt();
        b.getInt(); // densities
        if (streams < 1 || streams > 16) {
            throw new IOException(means + ": " + streams + " feature streams?");
        }
        int[] lengths = new int[streams];
        for (int i = 0; i < streams; i++) {
            lengths[i] = b.getInt();
        }
        return lengths;
    }

    /** Throws unless {@code file} is a complete transform of finite numbers. */
    static void check(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("mllr_solve wrote no transform");
        }
        String[] t = Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+");
        try {
            int classes = Integer.parseInt(t[0]);
            int streams = Integer.parseInt(t[1]);
            int at = 2;
            for (int s = 0; s < streams; s++) {
                int veclen = Integer.parseInt(t[at++]);
                int numbers = classes * (veclen * veclen + 2 * veclen);
                for (int i = 0; i < numbers; i++) {
                    double v = Double.parseDouble(t[at++]);
                    if (!Double.isFinite(v)) {
                        throw new IOException("the transform has " + t[at - 1] + " (too little speech aligned?)");
                    }
                }
            }
            if (classes < 1 || streams < 1 || at != t.length) {
                throw new IOException("the transform has " + t.length + " numbers, not " + at);
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IOException("the transform is incomplete or not numbers: "
                    + e.getMessage().toLowerCase(Locale.ROOT), e);
        }
    }
}
