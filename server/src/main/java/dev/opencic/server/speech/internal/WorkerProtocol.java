package dev.opencic.server.speech.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The framed protocol between the server and a flite worker process, over the worker's stdin
 * (requests) and stdout (audio). Every frame is a type byte and a request id, then what the type
 * carries. The worker answers one request at a time, in order; the server may cancel the request
 * in progress, after which the worker still ends it with {@link #DONE} (or {@link #FAILED}), so the
 * server knows when the worker is free again.
 */
public final class WorkerProtocol {

    /** server to worker: synthesise; id, UTF text, UTF lang. */
    public static final byte SPEAK = 'S';
    /** server to worker: stop request id as soon as possible (nobody reads its audio). */
    public static final byte CANCEL = 'C';
    /** worker to server, once at start: the voice is loaded; the id is the sample rate. */
    public static final byte READY = 'R';
    /** worker to server, once at start instead of READY: UTF reason; the worker then exits. */
    public static final byte UNAVAILABLE = 'U';
    /** worker to server: MP3 bytes of request id; int length, bytes. */
    public static final byte MP3 = 'D';
    /** worker to server: request id is complete (or cancelled). */
    public static final byte DONE = 'E';
    /** worker to server: request id failed; UTF kind, UTF message. */
    public static final byte FAILED = 'X';
    /** Not on the wire: the reader's mark for "the worker's stdout ended", the process is gone. */
    public static final byte DIED = 0;

    /** Longest MP3 chunk accepted in one frame; a bigger length means a corrupt stream. */
    private static final int MAX_CHUNK = 16 * 1024 * 1024;

    private WorkerProtocol() {}

    /** One frame read from either side; fields a type does not carry are null. */
    public record Frame(byte type, int id, byte[] mp3, String kind, String message) {
        public boolean ends() {
            return type == DONE || type == FAILED || type == DIED;
        }
    }

    public static void writeSpeak(DataOutputStream out, int id, String text, String lang) throws IOException {
        out.writeByte(SPEAK);
        out.writeInt(id);
        out.writeUTF(text);
        out.writeUTF(lang);
        out.flush();
    }

    public static void writeCancel(DataOutputStream out, int id) throws IOException {
        out.writeByte(CANCEL);
        out.writeInt(id);
        out.flush();
    }

    public static void writeReady(DataOutputStream out, int sampleRate) throws IOException {
        out.writeByte(READY);
        out.writeInt(sampleRate);
        out.flush();
    }

    public static void writeUnavailable(DataOutputStream out, String reason) throws IOException {
        out.writeByte(UNAVAILABLE);
        out.writeInt(0);
        out.writeUTF(reason);
        out.flush();
    }

    public static void writeMp3(DataOutputStream out, int id, byte[] mp3) throws IOException {
        out.writeByte(MP3);
        out.writeInt(id);
        out.writeInt(mp3.length);
        out.write(mp3);
        out.flush(); // the device is waiting for its first bytes
    }

    public static void writeDone(DataOutputStream out, int id) throws IOException {
        out.writeByte(DONE);
        out.writeInt(id);
        out.flush();
    }

    public static void writeFailed(DataOutputStream out, int id, String kind, String message) throws IOException {
        out.writeByte(FAILED);
        out.writeInt(id);
        out.writeUTF(kind);
        out.writeUTF(truncate(message));
        out.flush();
    }

    /**
     * The next frame, or {@code null} at the end of the stream.
     *
     * @throws IOException on a read error or a frame this protocol does not know
     */
    public static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        try {
            int id = in.readInt();
            return switch ((byte) type) {
                case SPEAK -> new Frame(SPEAK, id, null, in.readUTF(), in.readUTF()); // kind = text, message = lang
                case CANCEL, READY, DONE -> new Frame((byte) type, id, null, null, null);
                case UNAVAILABLE -> new Frame(UNAVAILABLE, id, null, null, in.readUTF());
                case MP3 -> {
                    int n = in.readInt();
                    if (n < 0 || n > MAX_CHUNK) {
                        throw new IOException("corrupt frame: MP3 chunk of " + n + " bytes");
                    }
                    byte[] mp3 = new byte[n];
                    in.readFully(mp3);
                    yield new Frame(MP3, id, mp3, null, null);
                }
                case FAILED -> new Frame(FAILED, id, null, in.readUTF(), in.readUTF());
                default -> throw new IOException("corrupt frame: unknown type " + type);
            };
        } catch (EOFException e) {
            return null; // the other side went away in the middle of a frame
        }
    }

    private static String truncate(String s) {
        String m = s == null ? "" : s;
        return m.length() > 2000 ? m.substring(0, 2000) : m;
    }
}
