package dev.opencic.server.testing;

import static dev.opencic.server.testing.RawHttp2Frames.PREFACE;
import static dev.opencic.server.testing.RawHttp2Frames.frame;
import static dev.opencic.server.testing.RawHttp2Frames.headers;
import static dev.opencic.server.testing.RawHttp2Frames.windowIncrement;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A device on a raw HTTP/2 connection whose downchannel reads every frame (flow-control windows
 * opened wide) but never answers a PING, and stays connected: a confirmed push to it stays
 * unconfirmed, so the server's delivery of it is pending until the PING times out. For tests that
 * need a node caught in the middle of a delivery (then killed).
 */
public final class UnacknowledgingDevice implements AutoCloseable {

    private final Socket socket;
    private final Thread reader;
    private final String awaited;
    private final CountDownLatch pingedAfterAwaited = new CountDownLatch(1);
    private final CountDownLatch downchannelOpen = new CountDownLatch(1);

    /**
     * @param awaited text whose arrival, followed by a PING, {@link #pingedAfterAwaited()} reports
     */
    public UnacknowledgingDevice(String host, int port, String token, String awaited) throws IOException {
        this.awaited = awaited;
        socket = new Socket(host, port);
        OutputStream out = socket.getOutputStream();
        out.write(PREFACE);
        out.write(frame(4, 0, 0, new byte[0]));                        // SETTINGS
        out.write(frame(8, 0, 0, windowIncrement(16 * 1024 * 1024)));   // WINDOW_UPDATE, connection
        out.write(frame(1, 0x5, 1, headers(                             // HEADERS, END_STREAM | END_HEADERS
                ":method", "GET", ":scheme", "http", ":path", "/v1/directives",
                ":authority", host, "authorization", "Bearer " + token)));
        out.write(frame(8, 0, 1, windowIncrement(16 * 1024 * 1024)));   // WINDOW_UPDATE, the downchannel
        out.flush();
        reader = new Thread(this::read, "unacknowledging-device");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            StringBuilder text = new StringBuilder();
            while (true) {
                int len = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                int stream = in.readInt();
                byte[] payload = new byte[len];
                in.readFully(payload);
                if (type == 1 && stream == 1) {
                    downchannelOpen.countDown(); // the downchannel's response headers
                } else if (type == 0) {
                    text.append(new String(payload, StandardCharsets.ISO_8859_1));
                } else if (type == 4 && (flags & 1) == 0) {
                    out.write(frame(4, 1, 0, new byte[0])); // ACK SETTINGS: a live peer so far
                    out.flush();
                } else if (type == 6 && (flags & 1) == 0 && text.indexOf(awaited) >= 0) {
                    pingedAfterAwaited.countDown(); // never answered
                }
            }
        } catch (IOException e) {
            // closed, by either side
        }
    }

    /** Counts down when the server has answered the downchannel's GET (it is open). */
    public CountDownLatch downchannelOpen() {
        return downchannelOpen;
    }

    /** Counts down when the awaited text was read and a PING followed it: the server waits for its ACK. */
    public CountDownLatch pingedAfterAwaited() {
        return pingedAfterAwaited;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        reader.join(10_000);
    }
}
