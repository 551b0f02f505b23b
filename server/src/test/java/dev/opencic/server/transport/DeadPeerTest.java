package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.CicServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device that vanishes without closing TCP: the server PINGs a silent connection and closes it
 * when no ACK comes, and its downchannel with it. Raw HTTP/2 frames, so the peer can really stay mute.
 */
class DeadPeerTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.pingInterval(Duration.ofSeconds(1)));

    @Test
    void aPeerThatNeverAnswersAPingIsClosedAndItsDownchannelWithIt() throws Exception {
        String token = cic.obtainToken("mute-device").accessToken();
        try (Socket s = new Socket("127.0.0.1", cic.server().httpPort())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(frame(4, 0, 0, new byte[0]));                       // SETTINGS
            out.write(frame(1, 0x5, 1, headers(                            // HEADERS, END_STREAM | END_HEADERS
                    ":method", "GET", ":scheme", "http", ":path", "/v1/directives",
                    ":authority", "127.0.0.1", "authorization", "Bearer " + token)));
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            boolean downchannelOpened = false;
            boolean pinged = false;
            boolean closed = false;
            long started = System.nanoTime();
            while (!closed) {
                int type;
                int flags;
                try {
                    int len = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                    type = in.readUnsignedByte();
                    flags = in.readUnsignedByte();
                    int stream = in.readInt();
                    in.readFully(new byte[len]);
                    if (type == 1 && stream == 1) {
                        downchannelOpened = true;
                    }
                } catch (EOFException | SocketException e) {
                    closed = true;
                    continue;
                }
                if (type == 4 && (flags & 1) == 0) {
                    out.write(frame(4, 1, 0, new byte[0])); // ACK the server's SETTINGS: alive so far
                    out.flush();
                }
                if (type == 6 && (flags & 1) == 0) {
                    pinged = true; // and never answered
                }
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            }
            assertThat(downchannelOpened).as("the downchannel was open").isTrue();
            assertThat(pinged).as("the server PINGed the silent connection").isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cic.server().downchannels().size() == 0);
    }

    static byte[] frame(int type, int flags, int stream, byte[] payload) {
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

    /** HPACK, literal header fields without indexing and without Huffman coding: no table to keep. */
    static byte[] headers(String... nameValues) throws IOException {
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
