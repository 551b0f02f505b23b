package dev.opencic.server.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/2 frames written by hand, for tests whose device must misbehave in ways no client library
 * allows (never ACK a PING, stop reading): a frame header plus payload, and HPACK header blocks of
 * literal fields without indexing or Huffman coding, so there is no table to keep.
 */
public final class RawHttp2Frames {

    public static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private RawHttp2Frames() {}

    /** A frame: 24-bit length, type, flags, 31-bit stream id, payload. */
    public static byte[] frame(int type, int flags, int stream, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(payload.length >> 16);
        f.write(payload.length >> 8);
        f.write(payload.length);
        f.write(type);
        f.write(flags);
        f.write(stream >> 24);
        f.write(stream >> 16);
        f.write(stream >> 8);
        f.write(stream);
        f.writeBytes(payload);
        return f.toByteArray();
    }

    /** A WINDOW_UPDATE payload. */
    public static byte[] windowIncrement(int increment) {
        return new byte[] {(byte) (increment >> 24), (byte) (increment >> 16), (byte) (increment >> 8), (byte) increment};
    }

    /** An HPACK header block of literal fields without indexing and without Huffman coding. */
    public static byte[] headers(String... nameValues) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (int i = 0; i < nameValues.length; i += 2) {
            block.write(0);
            string(block, nameValues[i]);
            string(block, nameValues[i + 1]);
        }
        return block.toByteArray();
    }

    private static void string(ByteArrayOutputStream block, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        int length = bytes.length;
        if (length < 127) {
            block.write(length);
        } else {
            block.write(127);
            length -= 127;
            while (length >= 128) {
                block.write((length & 0x7f) | 0x80);
                length >>= 7;
            }
            block.write(length);
        }
        block.writeBytes(bytes);
    }
}
